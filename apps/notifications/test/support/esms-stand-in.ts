import { randomUUID } from 'node:crypto';
import { json, StandInServer } from './stand-in.js';

export interface EsmsMessage {
  phone: string;
  content: string;
  requestId: string;
  brandname: string;
  smsId: string;
}

/**
 * eSMS.vn as its documentation describes SendMultipleMessage_V4_post_json: JSON body with ApiKey and SecretKey
 * (wrong → CodeResult 101), Phone, Content, Brandname, SmsType 2 (other → 118), RequestId (seen before → 124,
 * nothing sent again); answers `{ CodeResult: "100", SMSID }`, then reports delivery to the CallbackUrl with an
 * HTTP GET (`SMSID`, `SendStatus=5`, `RequestId`, `phonenumber`, `TypeId=2`), as eSMS does.
 */
export class EsmsStandIn {
  readonly server: StandInServer;
  readonly messages: EsmsMessage[] = [];
  private readonly seen = new Set<string>();
  /** Whether delivery reports are sent back (off: the message is "accepted" but never confirmed). */
  reportDelivery = true;

  constructor(
    readonly apiKey = 'esms-api-key',
    readonly secretKey = 'esms-secret-key',
  ) {
    this.server = new StandInServer((req, body, res) => {
      if (req.method !== 'POST' || req.url !== '/MainService.svc/json/SendMultipleMessage_V4_post_json/')
        return json(res, 404, { CodeResult: '99', ErrorMessage: 'Not found' });
      const b = JSON.parse(body.toString('utf8')) as Record<string, string | undefined>;
      if (b.ApiKey !== this.apiKey || b.SecretKey !== this.secretKey)
        return json(res, 200, { CodeResult: '101', CountRegenerate: 0, ErrorMessage: 'Authorize Failed' });
      if (b.SmsType !== '2') return json(res, 200, { CodeResult: '118', ErrorMessage: 'Loại tin nhắn không hợp lệ' });
      if (!b.Phone || !b.Content || !b.Brandname)
        return json(res, 200, { CodeResult: '99', ErrorMessage: 'Thiếu tham số' });
      if (b.RequestId && this.seen.has(b.RequestId))
        return json(res, 200, { CodeResult: '124', ErrorMessage: 'RequestId đã tồn tại' });
      if (b.RequestId) this.seen.add(b.RequestId);
      const smsId = randomUUID().replace(/-/g, '');
      this.messages.push({
        phone: b.Phone,
        content: b.Content,
        requestId: b.RequestId ?? '',
        brandname: b.Brandname,
        smsId,
      });
      json(res, 200, { CodeResult: '100', CountRegenerate: 0, SMSID: smsId });
      if (this.reportDelivery && b.CallbackUrl) {
        const url = new URL(b.CallbackUrl);
        for (const [k, v] of Object.entries({
          SMSID: smsId,
          SendStatus: '5',
          RequestId: b.RequestId ?? '',
          phonenumber: b.Phone,
          TypeId: '2',
        }))
          url.searchParams.set(k, v);
        setTimeout(() => void fetch(url).catch(() => undefined), 20);
      }
    });
  }
}
