import webpush from 'web-push';
import { EsmsStandIn } from './esms-stand-in.js';
import { PushStandIn } from './push-stand-in.js';
import { SmtpStandIn } from '../../../../libs/testing/src/smtp-stand-in.js';
import { ZnsStandIn } from './zns-stand-in.js';

/**
 * Every provider's stand-in on loopback — eSMS, Zalo ZNS, a push service, an SMTP server — and the environment
 * that points each channel of the platform at its stand-in. Shared by the end-to-end tests and the benchmark
 * (which bundles this file), so both set the providers up alike.
 */
export class ProviderStandIns {
  readonly vapid = webpush.generateVAPIDKeys();
  readonly esms = new EsmsStandIn();
  readonly zns = new ZnsStandIn();
  readonly push = new PushStandIn(this.vapid.publicKey);
  readonly smtp = new SmtpStandIn();

  async start(): Promise<void> {
    await Promise.all([this.esms.server.start(), this.zns.server.start(), this.push.server.start(), this.smtp.start()]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.esms.server.stop(), this.zns.server.stop(), this.push.server.stop(), this.smtp.stop()]);
  }

  /** The platform's environment for its channels (once started: the stand-ins' ports are in it). */
  env(): Record<string, string> {
    return {
      ESMS_URL: this.esms.server.url,
      ESMS_API_KEY: this.esms.apiKey,
      ESMS_SECRET_KEY: this.esms.secretKey,
      ZALO_ZNS_URL: this.zns.server.url,
      ZALO_ACCESS_TOKEN: this.zns.accessToken,
      ZALO_ZNS_TEMPLATE_ID: this.zns.templateId,
      ZALO_APP_ID: this.zns.appId,
      ZALO_OA_SECRET_KEY: this.zns.oaSecretKey,
      VAPID_PUBLIC_KEY: this.vapid.publicKey,
      VAPID_PRIVATE_KEY: this.vapid.privateKey,
      SMTP_URL: this.smtp.url,
    };
  }

  /** Zalo posts its delivery webhooks to the platform at `origin` (eSMS is told its callback in each request). */
  receiptsTo(origin: string): void {
    this.zns.webhookUrl = `${origin}/api/notifications/receipts/zalo`;
  }
}
