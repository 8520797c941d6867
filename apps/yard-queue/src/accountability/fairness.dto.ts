// The public fairness ledger (GET /api/public/fairness/:gate). Shown to anyone: plates, times, places and reasons,
// and per firm its name and rates — no driver, no document, no phone, no declaration, no firm on a truck's line.
import { ApiProperty } from '@nestjs/swagger';
import { type Direction, ORDER_CHANGE_REASONS, type OrderChangeReason } from '#libs/domain/src/index.js';

/** A truck in the gate's queue: its plate as the public board shows it, when it checked in, its place. */
export class FairnessQueueLine {
  plate: string;
  direction: Direction;
  /** The truck's state in the queue (waiting, called, at the gate…). */
  status: string;
  checkedInAt: string;
  /** Place among the waiting trucks of its direction (1 = next); null once called. */
  position: number | null;
  /** Start of the window it holds; null while it waits for one. */
  windowStart: string | null;
}

/** One truck's place changed, and why: recorded in the transaction that changed it. */
export class FairnessOrderChange {
  at: string;
  plate: string;
  direction: Direction;
  @ApiProperty({ enum: ORDER_CHANGE_REASONS }) reason: OrderChangeReason;
  /** The reason in words, in the request's language (`Accept-Language` or `?lang=`; Vietnamese by default). */
  reasonText: string;
  windowBefore: string | null;
  windowAfter: string | null;
  /** Its place among the waiting trucks right after the change; null when it was no longer waiting. */
  position: number | null;
  /** The gate's queue version the change made (as on the live board). */
  version: number;
}

/** A firm's reliability over the period: its stays in this gate's queue, and the shares missed or cancelled. */
export class FirmReliability {
  firmName: string;
  stays: number;
  /** No-shows held against the firm (waived ones are not counted). */
  noShows: number;
  cancellations: number;
  /** noShows / stays, 3 decimals. */
  noShowRate: number;
  /** cancellations / stays, 3 decimals. */
  cancellationRate: number;
}

export class FairnessLedgerView {
  gate: string;
  generatedAt: string;
  queue: FairnessQueueLine[];
  /** The changes of order of the last `changesHours` hours, newest first (at most 500). */
  changes: FairnessOrderChange[];
  changesHours: number;
  /** Firms with a stay in the last `periodDays` days, by stays, most first. */
  firms: FirmReliability[];
  periodDays: number;
}
