import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Public, RequirePermission } from '#libs/auth/src/index.js';
import { AddTariffRowDto, TariffRowView } from './dto/fee-tariff.dto.js';
import { FeeTariffService } from './fee-tariff.service.js';

@ApiTags('fees')
@ApiBearerAuth()
@Controller('fees/tariff')
export class FeeTariffController {
  constructor(private readonly tariff: FeeTariffService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Biểu phí sử dụng công trình kết cấu hạ tầng: mọi mức theo hạng phương tiện và ngày hiệu lực (công khai)',
  })
  list(): Promise<TariffRowView[]> {
    return this.tariff.list();
  }

  @Post()
  @RequirePermission('fee.tariff.manage')
  @ApiOperation({
    summary:
      'Quản trị: thêm một mức phí có hiệu lực từ một ngày (sớm nhất là ngày mai); các mức đã ghi không bao giờ bị sửa',
  })
  add(@CurrentActor() actor: Actor, @Body() dto: AddTariffRowDto): Promise<TariffRowView[]> {
    return this.tariff.add(dto, actor.id);
  }
}
