import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import type { Channel } from '#libs/domain/src/index.js';
import type { NotificationChannel } from '../channels/channel.js';
import { EmailChannel } from '../channels/email.channel.js';
import { EsmsChannel } from '../channels/esms.channel.js';
import { WebPushChannel } from '../channels/web-push.channel.js';
import { ZnsChannel } from '../channels/zns.channel.js';

/** Where eSMS reports delivery (the CallbackUrl each SMS carries). */
export const ESMS_CALLBACK_PATH = '/api/notifications/receipts/esms';

/** The channels this deployment has credentials for; a channel without them sends nothing. */
@Injectable()
export class ProviderChannels implements OnApplicationShutdown {
  private readonly byName = new Map<Channel, NotificationChannel>();
  private readonly email: EmailChannel | null;

  constructor(@Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    const n = config.notifications;
    if (n.sms)
      this.byName.set(
        'sms',
        new EsmsChannel(n.sms, `${config.publicOrigin}${ESMS_CALLBACK_PATH}`, config.jwt.secret, n.requestTimeoutMs),
      );
    if (n.zns) this.byName.set('zns', new ZnsChannel(n.zns, n.requestTimeoutMs));
    if (n.push) this.byName.set('push', new WebPushChannel(n.push, n.requestTimeoutMs));
    this.email = n.smtp ? new EmailChannel(n.smtp.url, n.smtp.from, n.requestTimeoutMs) : null;
    if (this.email) this.byName.set('email', this.email);
  }

  has(channel: Channel): boolean {
    return this.byName.has(channel);
  }

  get(channel: Channel): NotificationChannel | undefined {
    return this.byName.get(channel);
  }

  onApplicationShutdown(): void {
    this.email?.close();
  }
}
