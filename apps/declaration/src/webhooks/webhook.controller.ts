import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, RequirePermission } from '#libs/auth/src/index.js';
import {
  CreatedWebhookView,
  CreateWebhookDto,
  DeliveriesQuery,
  ReplayResult,
  ReplayWebhookDto,
  WebhookDeliveryPage,
  WebhookView,
} from './dto/webhook.dto.js';
import { WebhookService } from './webhook.service.js';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhookController {
  constructor(private readonly webhooks: WebhookService) {}

  @Get()
  @RequirePermission('webhook.manage')
  @ApiOperation({ summary: 'Các địa chỉ nhận sự kiện của doanh nghiệp (không kèm khóa bí mật)' })
  list(@CurrentUser() user: AuthUser): Promise<WebhookView[]> {
    return this.webhooks.list(user);
  }

  @Post()
  @RequirePermission('webhook.manage')
  @ApiOperation({
    summary: 'Đăng ký địa chỉ nhận sự kiện (https; http chỉ cho localhost). Khóa bí mật whsec_… chỉ hiện một lần.',
  })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateWebhookDto): Promise<CreatedWebhookView> {
    return this.webhooks.create(user, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('webhook.manage')
  @ApiOperation({ summary: 'Hủy địa chỉ nhận sự kiện; các lượt gửi chưa xong bị hủy' })
  async remove(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.webhooks.remove(user, id);
  }

  @Post(':id/replay')
  @RequirePermission('webhook.manage')
  @ApiOperation({ summary: 'Gửi lại các sự kiện từ một cursor (giữ nguyên webhook-id)' })
  replay(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReplayWebhookDto,
  ): Promise<ReplayResult> {
    return this.webhooks.replay(user, id, dto.from);
  }

  @Get(':id/deliveries')
  @RequirePermission('webhook.manage')
  @ApiOperation({ summary: 'Nhật ký gửi sự kiện, mới nhất trước' })
  deliveries(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: DeliveriesQuery,
  ): Promise<WebhookDeliveryPage> {
    return this.webhooks.deliveries(user, id, q);
  }
}
