import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '#libs/domain/src/index.js';
import type { WebhookDeliveryStatus } from '../entities/webhook.entities.js';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://erp.congty.vn/hooks/cua-khau' })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: 'Cần chọn ít nhất một loại sự kiện' })
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique({ message: 'Mỗi loại sự kiện chỉ được chọn một lần' })
  @IsIn(WEBHOOK_EVENT_TYPES, {
    each: true,
    message: `Loại sự kiện phải là một trong ${WEBHOOK_EVENT_TYPES.join(', ')}`,
  })
  eventTypes: WebhookEventType[];
}

export class ReplayWebhookDto {
  @ApiProperty({ description: 'The cursor to re-send from (a message’s `cursor`), inclusive', minimum: 0 })
  @IsInt({ message: 'from phải là số nguyên' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  from: number;
}

export class DeliveriesQuery {
  @ApiPropertyOptional({ description: 'The `nextBefore` of the previous page' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'before phải là mã lượt gửi (số nguyên dương)' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class WebhookView {
  id: string;
  url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  eventTypes: WebhookEventType[];
  createdAt: string;
}

/** The answer to a new subscription: the only time the secret is shown. */
export class CreatedWebhookView extends WebhookView {
  /** `whsec_…` (Standard Webhooks): verify each delivery's `webhook-signature` with it. Shown once. */
  secret: string;
}

export class ReplayResult {
  /** Deliveries queued by the replay. */
  queued: number;
}

export class WebhookDeliveryView {
  id: string;
  cursor: number;
  /** The `webhook-id` of the message. */
  messageId: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES })
  type: WebhookEventType;
  vehicleId: string;
  plate: string;
  status: WebhookDeliveryStatus;
  /** Queued by a replay rather than by the event itself. */
  replay: boolean;
  attempts: number;
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  /** The receiver's HTTP status at the last attempt (null: no answer). */
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  occurredAt: string;
}

export class WebhookDeliveryPage {
  items: WebhookDeliveryView[];
  /** Pass as `before` for older deliveries; null at the end. */
  nextBefore: string | null;
}
