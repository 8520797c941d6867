import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { BIGINT_AS_NUMBER } from '#libs/database/src/index.js';
import type { Direction, GateSchedule, WaitingYard } from '#libs/domain/src/index.js';

/** A gate's settings; `version` counts its queue changes (one per committed change, no gaps) for the live consoles. */
@Entity({ name: 'gates' })
@Check('gates_grace_minutes_check', '((grace_minutes >= 1) AND (grace_minutes <= 720))')
@Check('gates_no_show_penalty_minutes_check', '((no_show_penalty_minutes >= 0) AND (no_show_penalty_minutes <= 10080))')
@Check(
  'gates_delay_attribution_minutes_check',
  '((delay_attribution_minutes >= 1) AND (delay_attribution_minutes <= 1440))',
)
@Check('gates_call_reach_minutes_check', '((call_reach_minutes >= 1) AND (call_reach_minutes <= 1440))')
export class GateEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'gates_pkey' })
  code: string;

  @Column('text')
  name: string;

  @Column('bigint', { default: 0, transformer: BIGINT_AS_NUMBER })
  version: number;

  @Column('boolean', { name: 'auto_accept', default: false })
  autoAccept: boolean;

  @Column('int', { name: 'grace_minutes', default: 30 })
  graceMinutes: number;

  @Column('int', { name: 'no_show_penalty_minutes', default: 60 })
  noShowPenaltyMinutes: number;

  /** A delay of a vehicle longer than this is attributed (firm, gate, agency, suspension). */
  @Column('int', { name: 'delay_attribution_minutes', default: 30 })
  delayAttributionMinutes: number;

  /** A call not confirmed delivered within this escalates; null: the deployment's default (CALL_REACH_SECONDS). */
  @Column('int', { name: 'call_reach_minutes', nullable: true })
  callReachMinutes: number | null;

  /** The waiting yards a declaration for this gate picks from. */
  @Column('jsonb', { default: () => "'[]'" })
  yards: WaitingYard[];

  @Column('timestamptz', { name: 'suspended_from', nullable: true })
  suspendedFrom: Date | null;

  @Column('timestamptz', { name: 'suspended_until', nullable: true })
  suspendedUntil: Date | null;

  @Column('text', { name: 'suspension_reason', nullable: true })
  suspensionReason: string | null;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;

  @OneToMany(() => GateScheduleEntity, (s) => s.gateRow)
  schedules?: GateScheduleEntity[];
}

/** The schedule of one direction of a gate; its row lock serialises the allocations of that lane. */
@Entity({ name: 'gate_schedules' })
@Check('gate_schedules_direction_check', "(direction = ANY (ARRAY['EXPORT'::text, 'IMPORT'::text]))")
export class GateScheduleEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'gate_schedules_pkey' })
  gate: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'gate_schedules_pkey' })
  direction: Direction;

  @Column('jsonb')
  schedule: GateSchedule;

  /** Per local day overrides of the daily cap ('YYYY-MM-DD' → cap). */
  @Column('jsonb', { name: 'daily_caps', default: () => "'{}'" })
  dailyCaps: Record<string, number>;

  @ManyToOne(() => GateEntity, (g) => g.schedules)
  @JoinColumn({ name: 'gate', foreignKeyConstraintName: 'gate_schedules_gate_fkey' })
  gateRow?: GateEntity;
}

/** Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE): who changed a gate's settings, when and how. */
@Entity({ name: 'gate_config_audit' })
@Index('gate_config_audit_gate_at', ['gate', 'at', 'id'])
export class GateConfigAuditEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'gate_config_audit_pkey' })
  id: string;

  @Column('text')
  gate: string;

  @Column('text')
  action: string;

  @Column('jsonb')
  change: object;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column('text', { name: 'actor_role' })
  actorRole: string;

  @Column('text', { nullable: true })
  console: string | null;

  @Column('timestamptz')
  at: Date;

  /** The gate's settings before and after the change (null on rows older than the history). */
  @Column('jsonb', { nullable: true })
  before: object | null;

  @Column('jsonb', { nullable: true })
  after: object | null;

  /** Waiting vehicles whose window the change moved. */
  @Column('int', { nullable: true })
  reslotted: number | null;
}
