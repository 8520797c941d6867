import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { DRIVER_CHANNELS, type DriverChannel, type Language, LANGUAGES } from '#libs/domain/src/index.js';

/** A firm's notification settings: the channels its drivers are reached on, and its own e-mail. */
export class NotificationSettingsDto {
  @ApiProperty({ enum: DRIVER_CHANNELS, isArray: true, description: 'Kênh gửi tin cho lái xe' })
  @IsArray()
  @ArrayMaxSize(DRIVER_CHANNELS.length)
  @IsIn(DRIVER_CHANNELS, { each: true, message: 'Kênh phải là một trong: sms, zns, push' })
  driverChannels: DriverChannel[];

  @ApiProperty({
    description:
      'Gửi e-mail cho doanh nghiệp (xe được gọi, tạm giữ, quyết định của hải quan, gọi xe không liên lạc được)',
  })
  @IsBoolean()
  emailEnabled: boolean;

  @ApiPropertyOptional({ example: 'dieuvan@congty.vn', nullable: true, description: 'Địa chỉ nhận e-mail' })
  @IsOptional()
  @IsEmail({}, { message: 'Địa chỉ e-mail không hợp lệ' })
  @MaxLength(254)
  email?: string | null;
}

export class NotificationSettingsView {
  driverChannels: DriverChannel[];
  emailEnabled: boolean;
  email: string | null;
}

export class PushKeysDto {
  @ApiProperty({ description: 'Khóa công khai P-256 của trình duyệt (base64url)' })
  @IsString()
  @Length(80, 100)
  p256dh: string;

  @ApiProperty({ description: 'Bí mật xác thực (base64url)' })
  @IsString()
  @Length(16, 32)
  auth: string;
}

/** The browser's PushSubscription, as `subscription.toJSON()` gives it. */
export class PushSubscriptionDto {
  @ApiProperty({ example: 'https://fcm.googleapis.com/fcm/send/…' })
  @IsString()
  @MaxLength(1000)
  endpoint: string;

  @ApiProperty({ type: PushKeysDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PushKeysDto)
  keys: PushKeysDto;
}

export class SubscribePushDto {
  @ApiProperty({ description: 'Mã trên phiếu (mã theo dõi của xe)', example: 'CKS1.…' })
  @IsString()
  @MaxLength(200)
  code: string;

  @ApiProperty({ type: PushSubscriptionDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PushSubscriptionDto)
  subscription: PushSubscriptionDto;

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  language: Language;
}

export class PushKeyView {
  /** The VAPID public key (URL-safe base64) for `pushManager.subscribe({ applicationServerKey })`. */
  publicKey: string;
}
