import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { Direction } from '#libs/domain/src/index.js';

/** Places issued per window: the database refuses any write that would overbook a window. */
@Entity({ name: 'window_usage' })
@Check('window_not_overbooked', '(issued_total <= capacity)')
@Check('window_usage_capacity_check', '(capacity >= 0)')
@Check('window_usage_check', '((reserved >= 0) AND (reserved <= capacity))')
@Check('window_usage_check1', '(issued_general <= issued_total)')
@Check('window_usage_issued_general_check', '(issued_general >= 0)')
@Check('window_usage_issued_total_check', '(issued_total >= 0)')
export class WindowUsageEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'window_usage_pkey' })
  gate: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'window_usage_pkey' })
  direction: Direction;

  @PrimaryColumn('timestamptz', { name: 'window_start', primaryKeyConstraintName: 'window_usage_pkey' })
  windowStart: Date;

  @Column('timestamptz', { name: 'window_end' })
  windowEnd: Date;

  @Column('int')
  capacity: number;

  /** Places kept for the priority class until their release time. */
  @Column('int')
  reserved: number;

  @Column('int', { name: 'issued_total', default: 0 })
  issuedTotal: number;

  @Column('int', { name: 'issued_general', default: 0 })
  issuedGeneral: number;
}

/** Places issued per local day: the database refuses any write past the day's cap. */
@Entity({ name: 'day_usage' })
@Check('day_not_over_cap', '((cap IS NULL) OR (issued <= cap))')
@Check('day_usage_cap_check', '((cap IS NULL) OR (cap >= 0))')
@Check('day_usage_issued_check', '(issued >= 0)')
export class DayUsageEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'day_usage_pkey' })
  gate: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'day_usage_pkey' })
  direction: Direction;

  /** The local day, 'YYYY-MM-DD'. */
  @PrimaryColumn('date', { primaryKeyConstraintName: 'day_usage_pkey' })
  day: string;

  @Column('int', { nullable: true })
  cap: number | null;

  @Column('int', { default: 0 })
  issued: number;
}
