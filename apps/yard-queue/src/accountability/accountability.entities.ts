import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '#libs/database/src/index.js';
import {
  type Agency,
  DELAY_REASONS,
  type DelayParty,
  type DelayReasonCode,
  type DelayReasonParams,
  type DelaySegment,
  type Direction,
  type OrderChangeReason,
} from '#libs/domain/src/index.js';

/** The reason column holds the domain's codes only (as Postgres spells the check back). */
const DELAY_REASON_CHECK = `(reason = ANY (ARRAY[${DELAY_REASONS.map((r) => `'${r}'::text`).join(', ')}]))`;

/** Append-only: a delay of a vehicle longer than its gate's setting, attributed when it closed. */
@Entity({ name: 'delay_attributions' })
@Index('delay_attributions_entry', ['entryId', 'id'])
@Index('delay_attributions_gate', ['gate', 'endedAt'])
@Check('delay_attributions_minutes_check', '(minutes >= 0)')
@Check(
  'delay_attributions_party_check',
  "(party = ANY (ARRAY['FIRM'::text, 'GATE'::text, 'AGENCY'::text, 'SUSPENSION'::text]))",
)
@Check(
  'delay_attributions_agency_check',
  "(agency = ANY (ARRAY['CUSTOMS'::text, 'BORDER_GUARD'::text, 'QUARANTINE'::text]))",
)
@Check('delay_attributions_reason_check', DELAY_REASON_CHECK)
export class DelayAttributionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'delay_attributions_pkey' })
  id: string;

  @Column('uuid', { name: 'entry_id' })
  entryId: string;

  @Column('text')
  gate: string;

  @Column('text')
  direction: Direction;

  @Column('uuid', { name: 'firm_id' })
  firmId: string;

  @Column('text')
  segment: DelaySegment;

  @Column('timestamptz', { name: 'started_at' })
  startedAt: Date;

  @Column('timestamptz', { name: 'ended_at' })
  endedAt: Date;

  @Column('int')
  minutes: number;

  @Column('text')
  party: DelayParty;

  @Column('text', { nullable: true })
  agency: Agency | null;

  /** Why, by code (libs/domain DELAY_REASONS): said in the reader's language through the catalog. */
  @Column('text')
  reason: DelayReasonCode;

  /** The facts the reason names (an agency, counts; the old sentence of a LEGACY one); null when none. */
  @Column('jsonb', { name: 'reason_params', nullable: true })
  reasonParams: DelayReasonParams | null;

  /** The delay ended in a no-show that was not held against the firm. */
  @Column('boolean', { name: 'no_show_waived', default: false })
  noShowWaived: boolean;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt: Date;
}

/** Append-only: one truck's place changed in one change of a gate's queue, with the reason (the fairness ledger). */
@Entity({ name: 'queue_order_changes' })
@Index('queue_order_changes_gate', ['gate', 'at', 'id'])
export class QueueOrderChangeEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'queue_order_changes_pkey' })
  id: string;

  @Column('text')
  gate: string;

  @Column('text')
  direction: Direction;

  @Column('uuid', { name: 'entry_id' })
  entryId: string;

  /** The plate as the public board shows it. */
  @Column('text')
  plate: string;

  @Column('text')
  reason: OrderChangeReason;

  @Column('timestamptz', { name: 'window_before', nullable: true })
  windowBefore: Date | null;

  @Column('timestamptz', { name: 'window_after', nullable: true })
  windowAfter: Date | null;

  /** The truck's position in its lane after the change (null: no longer waiting). */
  @Column('int', { nullable: true })
  position: number | null;

  /** The gate's queue version the change made. */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  version: number;

  @Column('timestamptz')
  at: Date;
}
