import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { esmsReceiptStatus, verifyEsmsCallback } from '../channels/esms.channel.js';
import { verifyZnsWebhook } from '../channels/zns.channel.js';
import { NotificationRepository } from '../delivery/notification.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A provider's field as text (ids come as strings or numbers). */
const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

const badSignature = () => new AppError('UNAUTHENTICATED', 'receiptSignatureInvalid');

/** The part of Zalo's `user_received_message` event this service reads. */
interface ZaloEvent {
  event_name?: unknown;
  timestamp?: unknown;
  message?: { msg_id?: unknown; tracking_id?: unknown; delivery_time?: unknown };
}

@Injectable()
export class ReceiptsService {
  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly repo: NotificationRepository,
  ) {}

  async esms(q: Record<string, string | undefined>): Promise<void> {
    const ref = q.ref ?? '';
    if (!UUID.test(ref) || !q.sig || !verifyEsmsCallback(ref, q.sig, this.config.jwt.secret)) throw badSignature();
    const sendStatus = String(q.SendStatus ?? '');
    const found = await this.repo.recordReceipt({
      messageId: ref,
      channel: 'sms',
      providerId: String(q.SMSID ?? ''),
      status: esmsReceiptStatus(sendStatus),
      raw: `SendStatus=${sendStatus}`,
      payload: q,
      at: this.clock.now(),
    });
    if (!found) throw AppError.notFound('notificationNotFound');
  }

  async zalo(raw: string, body: unknown, signature: string | undefined): Promise<void> {
    const zns = this.config.notifications.zns;
    const e = (body ?? {}) as ZaloEvent;
    const timestamp = text(e.timestamp);
    if (!zns || !verifyZnsWebhook(zns, raw, timestamp, signature)) throw badSignature();
    // Other webhook events (a user's reply, a follow) are acknowledged and not recorded.
    if (e.event_name !== 'user_received_message') return;
    const trackingId = text(e.message?.tracking_id);
    if (!UUID.test(trackingId)) return;
    await this.repo.recordReceipt({
      messageId: trackingId,
      channel: 'zns',
      providerId: text(e.message?.msg_id),
      status: 'DELIVERED',
      raw: 'user_received_message',
      payload: body,
      at: this.clock.now(),
    });
  }
}
