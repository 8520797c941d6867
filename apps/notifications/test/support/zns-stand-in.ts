import { createHash, randomUUID } from 'node:crypto';
import { json, StandInServer } from './stand-in.js';

export interface ZnsMessage {
  phone: string;
  templateId: string;
  templateData: Record<string, string>;
  trackingId: string;
  msgId: string;
}

/**
 * Zalo ZNS as documented: POST /message/template with the `access_token` header (wrong → error -124), a phone in
 * 84… form (else -108), the approved template id (else -1xx), `template_data`, `tracking_id`; answers
 * `{ error: 0, message: "Success", data: { msg_id, sent_time } }`. Delivery comes back on the OA's webhook as a
 * `user_received_message` event signed `X-ZEvent-Signature: mac=sha256(appId + body + timestamp + OA secret)`.
 */
export class ZnsStandIn {
  readonly server: StandInServer;
  readonly messages: ZnsMessage[] = [];
  webhookUrl: string | null = null;

  constructor(
    readonly accessToken = 'zalo-access-token',
    readonly templateId = '301234',
    readonly appId = '2553928453557884079',
    readonly oaSecretKey = 'zalo-oa-secret',
  ) {
    this.server = new StandInServer((req, body, res) => {
      if (req.method !== 'POST' || req.url !== '/message/template')
        return json(res, 404, { error: -201, message: 'Not found' });
      if (req.headers.access_token !== this.accessToken)
        return json(res, 200, { error: -124, message: 'Access token is invalid' });
      const b = JSON.parse(body.toString('utf8')) as {
        phone?: string;
        template_id?: string;
        template_data?: Record<string, string>;
        tracking_id?: string;
      };
      if (!b.phone || !/^84\d{9,10}$/.test(b.phone))
        return json(res, 200, { error: -108, message: 'Phone number is invalid' });
      if (b.template_id !== this.templateId) return json(res, 200, { error: -1123, message: 'Template is not found' });
      const msgId = randomUUID().replace(/-/g, '');
      this.messages.push({
        phone: b.phone,
        templateId: b.template_id,
        templateData: b.template_data ?? {},
        trackingId: b.tracking_id ?? '',
        msgId,
      });
      json(res, 200, { error: 0, message: 'Success', data: { msg_id: msgId, sent_time: String(Date.now()) } });
      if (this.webhookUrl)
        setTimeout(() => void this.deliveryReport(msgId, b.tracking_id ?? '').catch(() => undefined), 20);
    });
  }

  /** The signed webhook call Zalo makes when a ZNS reached the phone; `secret` forges a bad signature. */
  async deliveryReport(msgId: string, trackingId: string, secret = this.oaSecretKey): Promise<Response> {
    const timestamp = String(Date.now());
    const body = JSON.stringify({
      app_id: this.appId,
      event_name: 'user_received_message',
      sender: { id: '579745863508352884' },
      recipient: { id: '8478926341' },
      message: { delivery_time: timestamp, msg_id: msgId, tracking_id: trackingId },
      timestamp,
    });
    const mac = createHash('sha256').update(`${this.appId}${body}${timestamp}${secret}`).digest('hex');
    return fetch(this.webhookUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${mac}` },
      body,
    });
  }
}
