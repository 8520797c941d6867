import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  DeliveryFailure,
  type NotificationChannel,
  type OutgoingMessage,
  providerJson,
  providerRequest,
  type SendReceipt,
} from './channel.js';

/** eSMS.vn's settings (PlatformConfig.notifications.sms). */
export interface EsmsSettings {
  url: string;
  apiKey: string;
  secretKey: string;
  brandname: string;
  sandbox: boolean;
}

/** The path of eSMS's JSON send API. */
export const ESMS_SEND_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';

/**
 * eSMS `CodeResult` values (https://developers.esms.vn, "Table of error codes") and what they mean here:
 * 100 accepted; 124 a RequestId already used — the message was sent before (a retry after a lost answer), so it
 * counts as sent; 99 an unknown error on their side and 103 a balance too low to send are worth retrying; the
 * others (101 bad credentials, 104 brandname not registered, 118 bad SMS type, 119 brandname not allowed for the
 * type, 131 content too long, …) refuse the message itself.
 */
const RETRYABLE_CODES = new Set(['99', '103']);

/** eSMS's answer to a send. */
interface EsmsSendResult {
  CodeResult?: string;
  SMSID?: string;
  ErrorMessage?: string;
}

/**
 * Brandname SMS through eSMS.vn's `SendMultipleMessage_V4_post_json`: ApiKey and SecretKey in the JSON body,
 * SmsType 2 (customer care, brandname), IsUnicode 1 (Vietnamese diacritics and Chinese need it), the message id
 * as RequestId (eSMS refuses a RequestId twice, which makes a retry after a lost answer harmless) and a
 * CallbackUrl where eSMS reports delivery. eSMS does not sign its callbacks, so the URL carries our own HMAC of
 * the message id: a report for a message we did not send, or a forged one, is refused.
 */
export class EsmsChannel implements NotificationChannel {
  readonly name = 'sms' as const;

  constructor(
    private readonly s: EsmsSettings,
    /** Where eSMS calls back: `${publicOrigin}/api/notifications/receipts/esms`. */
    private readonly callbackBase: string,
    private readonly callbackSecret: string,
    private readonly timeoutMs: number,
  ) {}

  async send(m: OutgoingMessage): Promise<SendReceipt> {
    const { text } = await providerRequest(
      'eSMS',
      `${this.s.url}${ESMS_SEND_PATH}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ApiKey: this.s.apiKey,
          SecretKey: this.s.secretKey,
          Content: m.body,
          Phone: m.recipient,
          Brandname: this.s.brandname,
          SmsType: '2',
          IsUnicode: '1',
          Sandbox: this.s.sandbox ? '1' : '0',
          RequestId: m.id,
          CallbackUrl: `${this.callbackBase}?ref=${m.id}&sig=${esmsCallbackSignature(m.id, this.callbackSecret)}`,
        }),
      },
      this.timeoutMs,
    );
    const result = providerJson<EsmsSendResult>('eSMS', text);
    const code = String(result.CodeResult ?? '');
    if (code === '100') return { providerId: result.SMSID ?? null, delivered: false };
    if (code === '124') return { providerId: m.id, delivered: false };
    throw new DeliveryFailure(
      RETRYABLE_CODES.has(code) ? 'retry' : 'permanent',
      `eSMS CodeResult ${code}: ${result.ErrorMessage ?? ''}`,
    );
  }
}

/** The signature our eSMS callback URLs carry for a message id. */
export function esmsCallbackSignature(messageId: string, secret: string): string {
  return createHmac('sha256', `esms-callback:${secret}`).update(messageId).digest('base64url').slice(0, 32);
}

export function verifyEsmsCallback(messageId: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(esmsCallbackSignature(messageId, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** eSMS `SendStatus` 5: sent successfully to the handset. 4 (refused) is a failure; the others are on their way. */
export function esmsReceiptStatus(sendStatus: string): 'DELIVERED' | 'FAILED' | null {
  if (sendStatus === '5') return 'DELIVERED';
  if (sendStatus === '4') return 'FAILED';
  return null;
}
