import { createHash, timingSafeEqual } from 'node:crypto';
import {
  DeliveryFailure,
  type NotificationChannel,
  type OutgoingMessage,
  providerJson,
  providerRequest,
  type SendReceipt,
} from './channel.js';

/** Zalo ZNS settings (PlatformConfig.notifications.zns). */
export interface ZnsSettings {
  url: string;
  accessToken: string;
  templateId: string;
  appId: string;
  oaSecretKey: string;
}

export const ZNS_SEND_PATH = '/message/template';

/** Zalo's answer: `error` 0 on success, a negative code otherwise. */
interface ZnsResult {
  error?: number;
  message?: string;
  data?: { msg_id?: string; sent_time?: string };
}

/**
 * ZNS error codes worth trying again: -100 (unknown error on Zalo's side) and the quota and rate codes (-1xx
 * "exceeded"): the message itself is fine. Every other code (-108 invalid phone, -118 no Zalo account,
 * -124 invalid access token, -131/-139 template problems, …) refuses the message as it is: recorded, not retried.
 */
const RETRYABLE = new Set([-100, -133, -32]);

/** `0912345678` or `+84912345678` as Zalo wants it: `84912345678`. */
export function znsPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('0') ? `84${digits.slice(1)}` : digits;
}

/**
 * Zalo Notification Service template messages: POST https://business.openapi.zalo.me/message/template with the
 * OA's `access_token` header and `{ phone, template_id, template_data, tracking_id }`; the tracking id is our
 * message id, which Zalo's delivery webhook echoes. The template (approved by Zalo) takes `plate`, `content`
 * (the driver's message in his language) and `link`.
 */
export class ZnsChannel implements NotificationChannel {
  readonly name = 'zns' as const;

  constructor(
    private readonly s: ZnsSettings,
    private readonly timeoutMs: number,
  ) {}

  async send(m: OutgoingMessage): Promise<SendReceipt> {
    const { text } = await providerRequest(
      'Zalo ZNS',
      `${this.s.url}${ZNS_SEND_PATH}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', access_token: this.s.accessToken },
        body: JSON.stringify({
          phone: znsPhone(m.recipient),
          template_id: this.s.templateId,
          template_data: { plate: m.data.plate ?? '', content: m.body, link: m.data.link ?? '' },
          tracking_id: m.id,
        }),
      },
      this.timeoutMs,
    );
    const result = providerJson<ZnsResult>('Zalo ZNS', text);
    if (result.error === 0) return { providerId: result.data?.msg_id ?? null, delivered: false };
    const code = Number(result.error);
    throw new DeliveryFailure(
      RETRYABLE.has(code) ? 'retry' : 'permanent',
      `Zalo ZNS error ${code}: ${result.message ?? ''}`,
    );
  }
}

/**
 * Zalo signs each webhook call: `X-ZEvent-Signature: mac=<hex sha256(appId + body + timestamp + OA secret key)>`,
 * where body is the raw JSON as sent and timestamp the `timestamp` field inside it.
 */
export function znsWebhookSignature(appId: string, rawBody: string, timestamp: string, oaSecretKey: string): string {
  return `mac=${createHash('sha256').update(`${appId}${rawBody}${timestamp}${oaSecretKey}`).digest('hex')}`;
}

export function verifyZnsWebhook(
  s: Pick<ZnsSettings, 'appId' | 'oaSecretKey'>,
  rawBody: string,
  timestamp: string,
  header: string | undefined,
): boolean {
  if (!header) return false;
  const expected = Buffer.from(znsWebhookSignature(s.appId, rawBody, timestamp, s.oaSecretKey));
  const given = Buffer.from(header.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}
