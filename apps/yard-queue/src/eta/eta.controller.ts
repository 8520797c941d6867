import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '#libs/auth/src/index.js';
import { EtaAccuracyRangeQuery, type EtaAccuracyView, type EtaRangeAccuracy } from './dto/eta-accuracy.dto.js';
import { EtaService } from './eta.service.js';

@ApiTags('gates')
@ApiBearerAuth()
@Controller('eta')
export class EtaController {
  constructor(private readonly etas: EtaService) {}

  @Get('accuracy')
  @RequirePermission('gate.manage')
  @ApiOperation({
    summary:
      'Quản trị: độ chính xác của thời gian dự kiến đã hiển thị, theo cửa khẩu và chiều, trong 1 ngày và 7 ngày qua (tỷ lệ nằm trong khoảng, sai số trung vị, độ lệch)',
  })
  accuracy(): Promise<EtaAccuracyView[]> {
    return this.etas.accuracy();
  }

  @Get('accuracy/days')
  @RequirePermission('stats.view')
  @ApiOperation({
    summary:
      'Lãnh đạo, quản trị: độ chính xác của thời gian dự kiến theo cửa khẩu và chiều trong một khoảng ngày (tỷ lệ nằm trong khoảng, sai số trung vị, độ lệch)',
  })
  accuracyOver(@Query() q: EtaAccuracyRangeQuery): Promise<EtaRangeAccuracy> {
    return this.etas.accuracyOver(q);
  }
}
