import { Inject, Injectable } from '@nestjs/common';
import { signSlipCode, trackingPath } from '#libs/auth/src/index.js';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import {
  DEFAULT_LANGUAGE,
  driverMessage,
  type EntryMemory,
  entryNotices,
  firmMessage,
  gateNotice,
  isLanguage,
  type NoticeFacts,
  type NoticeKind,
} from '#libs/domain/src/index.js';
import type { EventEnvelope, QueueEntryView } from '#libs/events/src/index.js';
import type { NewMessage, NotificationTx, VehicleCopy } from './notification.repository.js';
import { ProviderChannels } from './provider-channels.js';

/** The notices a firm also gets by e-mail (the others reach the driver only). */
const FIRM_NOTICES: ReadonlySet<NoticeKind> = new Set<NoticeKind>([
  'called',
  'held',
  'released',
  'accepted',
  'rejected',
  'correction_requested',
  'call_unreached',
]);

/** The entry as the notification service remembers it between changes. */
function memoryOf(e: QueueEntryView): EntryMemory & { entryId: string } {
  return {
    entryId: e.id,
    status: e.status,
    windowStart: e.window?.start ?? null,
    calledAt: e.calledAt,
    callDeadline: e.callDeadline,
  };
}

/**
 * Turns the events of the other services into messages: which notices an event calls for (the rules are in
 * libs/domain), to whom, on which channels, in which language — written with the event's inbox row, so an event
 * delivered twice writes nothing twice (and the messages' unique key backs that up).
 */
@Injectable()
export class NoticePlanner {
  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly channels: ProviderChannels,
  ) {}

  /** The public tracking page of a vehicle. */
  link(vehicleId: string): string {
    return `${this.config.publicOrigin}${trackingPath(signSlipCode(vehicleId, this.config.jwt.secret))}`;
  }

  async declarationAccepted(tx: NotificationTx, e: EventEnvelope<'declaration.accepted'>): Promise<void> {
    const at = new Date(e.occurredAt);
    for (const v of e.payload.vehicles) {
      const existing = await tx.vehicle(v.vehicleId);
      const copy: VehicleCopy = {
        vehicleId: v.vehicleId,
        declarationId: v.declarationId,
        firmId: v.firmId,
        gate: v.gate,
        plate: v.plate,
        driverPhone: v.driverPhone,
        driverLanguage: isLanguage(v.driverLanguage) ? v.driverLanguage : DEFAULT_LANGUAGE,
        entry: existing?.entry ?? null,
      };
      await tx.upsertVehicle(copy, at);
      await this.notify(tx, copy, 'accepted', `accepted:${e.id}`, {});
    }
  }

  /** A decision on a declaration whose vehicles the service does not know (not accepted): the firm is told. */
  async declarationDecision(
    tx: NotificationTx,
    e: EventEnvelope<'declaration.rejected'> | EventEnvelope<'declaration.correction_requested'>,
  ): Promise<void> {
    const kind: NoticeKind = e.type === 'declaration.rejected' ? 'rejected' : 'correction_requested';
    const reason = e.type === 'declaration.rejected' ? e.payload.reason : e.payload.message;
    const firm = await tx.firmChoice(e.payload.firmId);
    if (!firm.emailEnabled || !firm.email || !this.channels.has('email')) return;
    const facts: NoticeFacts = {
      plate: e.payload.declarationId.slice(0, 8),
      link: `${this.config.publicOrigin}/`,
      reason,
    };
    const mail = firmMessage(kind, facts);
    await tx.addMessages(
      [
        {
          subjectId: e.payload.declarationId,
          notice: `${kind}:${e.id}`,
          kind,
          channel: 'email',
          recipient: firm.email,
          language: 'vi',
          title: mail.subject,
          body: mail.text,
          data: {},
        },
      ],
      this.clock.now(),
    );
  }

  async queueChanged(tx: NotificationTx, e: EventEnvelope<'queue.changed'>): Promise<void> {
    const at = new Date(e.occurredAt);
    // The gate's own time to reach a driver, as of this change (the event carries the gate's settings, so a call
    // needs no question back to the yard); events written before the setting existed have none: the default.
    const reachMinutes = e.payload.gateState.callReachMinutes ?? null;
    const reachSeconds = reachMinutes === null ? this.config.notifications.callReachSeconds : reachMinutes * 60;
    for (const entry of e.payload.entries) {
      const known = await tx.vehicle(entry.vehicleId);
      const copy: VehicleCopy = known ?? {
        // Checked in before this service knew the vehicle: the entry has all but the driver's language.
        vehicleId: entry.vehicleId,
        declarationId: entry.declarationId,
        firmId: entry.firmId,
        gate: entry.gate,
        plate: entry.plate,
        driverPhone: entry.driver.phone,
        driverLanguage: DEFAULT_LANGUAGE,
        entry: null,
      };
      if (!known) await tx.upsertVehicle(copy, at);
      const after = memoryOf(entry);
      for (const kind of entryNotices(copy.entry, after)) {
        const notice = kind === 'called' ? `called:${after.calledAt}` : `${kind}:${e.id}`;
        await this.notify(tx, copy, kind, notice, {
          deadline: after.callDeadline,
          windowStart: after.windowStart,
          calledAt: after.calledAt,
        });
        if (kind === 'called' && after.calledAt) await this.watchCall(tx, copy, after.calledAt, entry.id, reachSeconds);
      }
      await tx.saveEntry(entry.vehicleId, after, at);
    }
    const suspension = e.payload.gateState.suspension;
    const was = await tx.swapGateSuspended(e.payload.gate, suspension !== null, e.payload.version);
    const change = gateNotice(was, suspension !== null);
    if (change)
      for (const v of await tx.queuedAtGate(e.payload.gate))
        await this.notify(tx, v, change, `${change}:${e.id}`, { reason: suspension?.reason ?? null });
  }

  /** The firm's e-mail when a call escalates (the yard hears of it by the event written beside it). */
  async callUnreached(tx: NotificationTx, vehicleId: string, calledAt: Date): Promise<void> {
    const v = await tx.vehicle(vehicleId);
    if (!v) return;
    await this.notify(
      tx,
      v,
      'call_unreached',
      `call_unreached:${calledAt.toISOString()}`,
      { deadline: v.entry?.callDeadline ?? null },
      { firmOnly: true },
    );
  }

  /** Waits `reachSeconds` for a receipt of a call, only when a channel that gives one (SMS, ZNS) carries it. */
  private async watchCall(
    tx: NotificationTx,
    v: VehicleCopy,
    calledAt: string,
    entryId: string,
    reachSeconds: number,
  ): Promise<void> {
    const firm = await tx.firmChoice(v.firmId);
    if (!firm.driverChannels.some((c) => (c === 'sms' || c === 'zns') && this.channels.has(c))) return;
    await tx.watchCall({
      vehicleId: v.vehicleId,
      calledAt: new Date(calledAt),
      gate: v.gate,
      entryId,
      reachBy: new Date(this.clock.now().getTime() + reachSeconds * 1000),
    });
  }

  /** The messages of one notice about one vehicle: to the driver on the firm's channels, and to the firm. */
  private async notify(
    tx: NotificationTx,
    v: VehicleCopy,
    kind: NoticeKind,
    notice: string,
    extra: { deadline?: string | null; windowStart?: string | null; reason?: string | null; calledAt?: string | null },
    { firmOnly = false } = {},
  ): Promise<void> {
    const firm = await tx.firmChoice(v.firmId);
    const link = this.link(v.vehicleId);
    const facts: NoticeFacts = { plate: v.plate, link, ...extra };
    const data: Record<string, string> = { plate: v.plate, link };
    if (extra.calledAt) data.calledAt = new Date(extra.calledAt).toISOString();
    const base = { subjectId: v.vehicleId, notice, kind };
    const out: NewMessage[] = [];
    if (!firmOnly) {
      const text = driverMessage(kind, v.driverLanguage, facts);
      for (const channel of firm.driverChannels) {
        if (!this.channels.has(channel)) continue;
        if (channel === 'push') {
          for (const s of await tx.pushSubscriptions(v.vehicleId))
            out.push({
              ...base,
              channel,
              recipient: s.endpoint,
              language: s.language,
              title: v.plate,
              body: driverMessage(kind, s.language, facts),
              data: { ...data, p256dh: s.p256dh, auth: s.auth },
            });
        } else
          out.push({
            ...base,
            channel,
            recipient: v.driverPhone,
            language: v.driverLanguage,
            title: null,
            body: text,
            data,
          });
      }
    }
    if (FIRM_NOTICES.has(kind) && firm.emailEnabled && firm.email && this.channels.has('email')) {
      const mail = firmMessage(kind, facts, v.driverLanguage);
      out.push({
        ...base,
        channel: 'email',
        recipient: firm.email,
        language: 'vi',
        title: mail.subject,
        body: mail.text,
        data,
      });
    }
    await tx.addMessages(out, this.clock.now());
  }
}
