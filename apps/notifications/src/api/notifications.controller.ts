import { Body, Controller, Get, HttpCode, Put, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Public, RequirePermission } from '#libs/auth/src/index.js';
import {
  NotificationSettingsDto,
  type NotificationSettingsView,
  type PushKeyView,
  SubscribePushDto,
} from './dto/notifications.dto.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly service: NotificationsService) {}

  @Get('settings')
  @RequirePermission('notification.settings')
  @ApiOperation({ summary: 'Doanh nghiệp: kênh gửi tin cho lái xe và e-mail nhận thông báo' })
  settings(@CurrentUser() user: AuthUser): Promise<NotificationSettingsView> {
    return this.service.settings(user);
  }

  @Put('settings')
  @RequirePermission('notification.settings')
  @ApiOperation({ summary: 'Doanh nghiệp: chọn kênh gửi tin (SMS, Zalo ZNS, thông báo trình duyệt) và e-mail' })
  saveSettings(@CurrentUser() user: AuthUser, @Body() dto: NotificationSettingsDto): Promise<NotificationSettingsView> {
    return this.service.saveSettings(user, dto);
  }

  @Get('push-key')
  @Public()
  @ApiOperation({ summary: 'Khóa công khai VAPID để trình duyệt đăng ký nhận thông báo' })
  pushKey(): PushKeyView {
    return this.service.pushKey();
  }

  @Post('push-subscriptions')
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'Trang theo dõi xe: đăng ký thông báo trình duyệt cho xe của mã phiếu' })
  subscribe(@Body() dto: SubscribePushDto): Promise<{ subscribed: true }> {
    return this.service.subscribe(dto);
  }
}
