import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Public, RequirePermission } from '#libs/auth/src/index.js';
import { ResumeGateDto, SuspendGateDto, UpdateGateDto } from './dto/gate.dto.js';
import { IsGateCodePipe } from './gate-code.pipe.js';
import { GatesService } from './gates.service.js';
import type { GateChangePreview, GateHistoryEntry } from './dto/gate-change.dto.js';
import type { GateView } from './dto/gate-view.dto.js';

@ApiTags('gates')
@ApiBearerAuth()
@Controller('gates')
export class GatesController {
  constructor(private readonly gates: GatesService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Danh sách cửa khẩu với giờ mở cửa, sức chứa và trạng thái tạm dừng' })
  list(): Promise<GateView[]> {
    return this.gates.list();
  }

  @Get(':code')
  @Public()
  get(@Param('code', IsGateCodePipe) code: string): Promise<GateView> {
    return this.gates.get(code);
  }

  @Patch(':code')
  @RequirePermission('gate.manage')
  @ApiOperation({
    summary:
      'Quản trị: giờ mở cửa, độ dài khung giờ, sức chứa/giờ, giới hạn ngày, tỷ lệ ưu tiên, tự động chấp nhận; xe bị ảnh hưởng được xếp lại theo thứ tự',
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('code', IsGateCodePipe) code: string,
    @Body() dto: UpdateGateDto,
  ): Promise<GateView> {
    return this.gates.update(code, dto, actor);
  }

  @Post(':code/preview')
  @HttpCode(200)
  @RequirePermission('gate.manage')
  @ApiOperation({
    summary:
      'Xem trước, không lưu: những gì PATCH với cùng nội dung sẽ thay đổi và số xe sẽ được xếp lại (cùng mã tính như khi lưu, trong một giao dịch được hoàn tác)',
  })
  previewUpdate(@Param('code', IsGateCodePipe) code: string, @Body() dto: UpdateGateDto): Promise<GateChangePreview> {
    return this.gates.previewUpdate(code, dto);
  }

  @Post(':code/suspend/preview')
  @HttpCode(200)
  @RequirePermission('gate.manage')
  @ApiOperation({ summary: 'Xem trước, không lưu: số xe sẽ được xếp lại nếu tạm dừng cửa khẩu ngay bây giờ' })
  previewSuspend(@Param('code', IsGateCodePipe) code: string, @Body() dto: SuspendGateDto): Promise<GateChangePreview> {
    return this.gates.previewSuspend(code, dto);
  }

  @Get(':code/history')
  @RequirePermission('gate.manage')
  @ApiOperation({
    summary: 'Lịch sử thay đổi cấu hình cửa khẩu: ai, lúc nào, thay đổi gì (trước → sau), số xe xếp lại',
  })
  history(@Param('code', IsGateCodePipe) code: string): Promise<GateHistoryEntry[]> {
    return this.gates.history(code);
  }

  @Post(':code/suspend')
  @HttpCode(200)
  @RequirePermission('gate.manage')
  @ApiOperation({ summary: 'Tạm dừng cửa khẩu (đến một thời điểm hoặc vô thời hạn); xe đang chờ được xếp lại' })
  suspend(
    @CurrentActor() actor: Actor,
    @Param('code', IsGateCodePipe) code: string,
    @Body() dto: SuspendGateDto,
  ): Promise<GateView> {
    return this.gates.suspend(code, dto, actor);
  }

  @Post(':code/resume')
  @HttpCode(200)
  @RequirePermission('gate.manage')
  @ApiOperation({ summary: 'Mở lại cửa khẩu; xe đang chờ được xếp lại theo thứ tự' })
  resume(
    @CurrentActor() actor: Actor,
    @Param('code', IsGateCodePipe) code: string,
    @Body() dto: ResumeGateDto,
  ): Promise<GateView> {
    return this.gates.resume(code, dto.reason, actor);
  }
}
