import webpush from 'web-push';
import { type NotificationChannel, type OutgoingMessage, providerRequest, type SendReceipt } from './channel.js';

export interface PushSettings {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/**
 * Web Push (RFC 8030): the `web-push` library encrypts the payload for the browser (RFC 8291, aes128gcm) and signs
 * the VAPID JWT (RFC 8292); the request goes out through fetch like every other provider's, with the same timeout.
 * The recipient is the subscription's endpoint; its keys travel in `data` (`p256dh`, `auth`). The push service's
 * 201 is the only receipt Web Push has: the message is counted as sent to the push service, not as delivered.
 * 404 and 410 mean the subscription is gone and other 4xx a refusal (both permanent); 429 and 5xx are retried.
 */
export class WebPushChannel implements NotificationChannel {
  readonly name = 'push' as const;

  constructor(
    private readonly s: PushSettings,
    private readonly timeoutMs: number,
  ) {}

  async send(m: OutgoingMessage): Promise<SendReceipt> {
    const payload = JSON.stringify({ title: m.title, body: m.body, url: m.data.link ?? null, lang: m.language });
    const request = webpush.generateRequestDetails(
      { endpoint: m.recipient, keys: { p256dh: m.data.p256dh, auth: m.data.auth } },
      payload,
      {
        vapidDetails: { subject: this.s.subject, publicKey: this.s.publicKey, privateKey: this.s.privateKey },
        TTL: 3600,
        urgency: 'high',
        contentEncoding: 'aes128gcm',
        // A resend replaces an undelivered copy on the push service instead of adding a second one.
        topic: m.id.replace(/-/g, '').slice(0, 32),
      },
    );
    const headers = Object.fromEntries(
      Object.entries(request.headers)
        .filter(([k]) => k.toLowerCase() !== 'content-length')
        .map(([k, v]) => [k, String(v)]),
    );
    const res = await providerRequest(
      'Web Push',
      request.endpoint,
      { method: request.method, headers, body: request.body ? new Uint8Array(request.body) : undefined },
      this.timeoutMs,
    );
    return { providerId: res.headers.get('location'), delivered: false };
  }
}
