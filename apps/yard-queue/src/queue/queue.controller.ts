import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type Actor,
  type AuthUser,
  CurrentActor,
  CurrentUser,
  Public,
  RequirePermission,
} from '#libs/auth/src/index.js';
import type { PublicQueueListing, QueueEntryView, QueueListing } from '#libs/events/src/index.js';
import { IsGateCodePipe } from '../gates/gate-code.pipe.js';
import { CallNextDto, CheckInDto, ConfirmDto, NoteDto } from './dto/queue.dto.js';
import { QueueService } from './queue.service.js';

@ApiTags('queue')
@ApiBearerAuth()
@Controller()
export class QueueController {
  constructor(private readonly queue: QueueService) {}

  @Post('check-ins')
  @RequirePermission('queue.check-in')
  @ApiOperation({
    summary: 'Bãi xe: cho xe vào bãi theo biển số (viết kiểu nào cũng được) hoặc mã QR → lượt xếp hàng với khung giờ',
  })
  checkIn(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Body() dto: CheckInDto,
  ): Promise<QueueEntryView> {
    return this.queue.checkIn(user, dto, actor);
  }

  @Get('gates/:code/queue')
  @RequirePermission('queue.view')
  @ApiOperation({ summary: 'Hàng chờ đầy đủ của một cửa khẩu (cán bộ của cửa khẩu đó)' })
  gateQueue(@CurrentUser() user: AuthUser, @Param('code', IsGateCodePipe) code: string): Promise<QueueListing> {
    return this.queue.queue(user, code);
  }

  @Get('public/gates/:code/queue')
  @Public()
  @ApiOperation({ summary: 'Bảng công khai: biển số, khung giờ, vị trí, thời gian dự kiến — không có dữ liệu cá nhân' })
  publicQueue(@Param('code', IsGateCodePipe) code: string): Promise<PublicQueueListing> {
    return this.queue.publicQueue(code);
  }

  @Post('gates/:code/call-next')
  @HttpCode(200)
  @RequirePermission('queue.call')
  @ApiOperation({ summary: 'Gọi xe tiếp theo theo thứ tự hàng chờ' })
  callNext(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('code', IsGateCodePipe) code: string,
    @Body() dto: CallNextDto,
  ): Promise<QueueEntryView> {
    return this.queue.callNext(user, code, dto.direction, actor);
  }

  @Get('queue-entries/:id')
  @ApiOperation({ summary: 'Một lượt xếp hàng: cán bộ của cửa khẩu, hoặc doanh nghiệp có xe' })
  entry(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<QueueEntryView> {
    return this.queue.entry(user, id);
  }

  @Post('queue-entries/:id/confirm')
  @HttpCode(200)
  @RequirePermission('queue.confirm')
  @ApiOperation({ summary: 'Xác nhận của một cơ quan (CUSTOMS, BORDER_GUARD, QUARANTINE) kèm ghi chú' })
  confirm(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ConfirmDto,
  ): Promise<QueueEntryView> {
    return this.queue.act(user, id, 'confirm', dto, actor);
  }

  @Post('queue-entries/:id/call')
  @HttpCode(200)
  @RequirePermission('queue.call')
  @ApiOperation({ summary: 'Gọi xe vào cổng (có thời gian ân hạn để xe đến)' })
  call(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: NoteDto,
  ): Promise<QueueEntryView> {
    return this.queue.act(user, id, 'call', dto, actor);
  }

  @Post('queue-entries/:id/arrive')
  @HttpCode(200)
  @RequirePermission('queue.arrive')
  @ApiOperation({ summary: 'Xe đã đến cổng' })
  arrive(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: NoteDto,
  ): Promise<QueueEntryView> {
    return this.queue.act(user, id, 'arrive', dto, actor);
  }

  @Post('queue-entries/:id/hold')
  @HttpCode(200)
  @RequirePermission('queue.hold')
  @ApiOperation({ summary: 'Giữ xe để kiểm hóa / dừng xe' })
  hold(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: NoteDto,
  ): Promise<QueueEntryView> {
    return this.queue.act(user, id, 'hold', dto, actor);
  }

  @Post('queue-entries/:id/release')
  @HttpCode(200)
  @RequirePermission('queue.release')
  @ApiOperation({ summary: 'Kết thúc kiểm hóa, xe trở lại cổng' })
  release(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: NoteDto,
  ): Promise<QueueEntryView> {
    return this.queue.act(user, id, 'release', dto, actor);
  }

  @Post('queue-entries/:id/turn-back')
  @HttpCode(200)
  @RequirePermission('queue.turn-back')
  @ApiOperation({ summary: 'Buộc xe quay đầu' })
  turnBack(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: NoteDto,
  ): Promise<QueueEntryView> {
    return this.queue.act(user, id, 'turn-back', dto, actor);
  }

  @Post('queue-entries/:id/no-show')
  @HttpCode(200)
  @RequirePermission('queue.no-show')
  @ApiOperation({ summary: 'Xe không đến sau khi gọi: xếp lại sau thời gian phạt; lần thứ hai phải vào bãi lại' })
  noShow(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: NoteDto,
  ): Promise<QueueEntryView> {
    return this.queue.act(user, id, 'no-show', dto, actor);
  }

  @Post('queue-entries/:id/cross')
  @HttpCode(200)
  @RequirePermission('queue.cross')
  @ApiOperation({ summary: 'Biên phòng ghi nhận xe qua cửa khẩu' })
  cross(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: NoteDto,
  ): Promise<QueueEntryView> {
    return this.queue.act(user, id, 'cross', dto, actor);
  }

  @Post('queue-entries/:id/cancel')
  @HttpCode(200)
  @RequirePermission('queue.cancel')
  @ApiOperation({ summary: 'Xe rời bãi, hủy lượt xếp hàng' })
  cancel(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: NoteDto,
  ): Promise<QueueEntryView> {
    return this.queue.act(user, id, 'cancel', dto, actor);
  }
}
