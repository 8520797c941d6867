import { Inject, Injectable } from '@nestjs/common';
import { type AuthUser, verifySlipCode } from '#libs/auth/src/index.js';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { NotificationRepository } from '../delivery/notification.repository.js';
import type {
  NotificationSettingsDto,
  NotificationSettingsView,
  PushKeyView,
  SubscribePushDto,
} from './dto/notifications.dto.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

@Injectable()
export class NotificationsService {
  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly repo: NotificationRepository,
  ) {}

  private firmOf(user: AuthUser): string {
    if (!user.firmId) throw AppError.forbidden();
    return user.firmId;
  }

  settings(user: AuthUser): Promise<NotificationSettingsView> {
    return this.repo.firmSettings(this.firmOf(user));
  }

  async saveSettings(user: AuthUser, dto: NotificationSettingsDto): Promise<NotificationSettingsView> {
    const email = dto.email?.trim().toLowerCase() || null;
    if (dto.emailEnabled && !email) throw AppError.invalid('email', 'emailNeeded');
    const s = { driverChannels: [...new Set(dto.driverChannels)], emailEnabled: dto.emailEnabled, email };
    await this.repo.saveFirmSettings(this.firmOf(user), s, this.clock.now());
    return s;
  }

  pushKey(): PushKeyView {
    const push = this.config.notifications.push;
    if (!push) throw new AppError('DEPENDENCY_DOWN', 'pushNotConfigured');
    return { publicKey: push.publicKey };
  }

  async subscribe(dto: SubscribePushDto): Promise<{ subscribed: true }> {
    const vehicleId = verifySlipCode(dto.code, this.config.jwt.secret);
    if (!vehicleId) throw AppError.invalid('code', 'slipCodeInvalid');
    let endpoint: URL;
    try {
      endpoint = new URL(dto.subscription.endpoint);
    } catch {
      throw AppError.invalid('subscription.endpoint', 'subscriptionInvalid');
    }
    // Push services are reached over HTTPS; plain HTTP only to this machine, outside production (local testing).
    const local =
      endpoint.protocol === 'http:' && LOOPBACK.has(endpoint.hostname) && process.env.NODE_ENV !== 'production';
    if (endpoint.protocol !== 'https:' && !local) throw AppError.invalid('subscription.endpoint', 'subscriptionHttps');
    await this.repo.subscribePush(
      {
        endpoint: endpoint.toString(),
        vehicleId,
        p256dh: dto.subscription.keys.p256dh,
        auth: dto.subscription.keys.auth,
        language: dto.language,
      },
      this.clock.now(),
    );
    return { subscribed: true };
  }
}
