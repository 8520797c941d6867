import type { Direction } from '#libs/domain/src/index.js';
import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One call of a vehicle forward at a gate: the history the call rate is learned from. */
@Entity({ name: 'gate_calls' })
@Index('gate_calls_lane', ['gate', 'direction', 'calledAt'])
export class GateCallEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'gate_calls_pkey' })
  id: string;

  @Column('text')
  gate: string;

  @Column('text')
  direction: Direction;

  @Column('uuid', { name: 'entry_id' })
  entryId: string;

  @Column('timestamptz', { name: 'called_at' })
  calledAt: Date;
}

/** A waiting-time estimate as shown for a vehicle, and once it is called, when that was. */
@Entity({ name: 'eta_forecasts' })
@Check('eta_forecasts_position_check', '(position >= 1)')
@Check('eta_forecasts_ordered', '((p10 < p50) AND (p50 < p90))')
@Index('eta_forecasts_entry', ['entryId', 'id'])
@Index('eta_forecasts_lane', ['gate', 'direction', 'madeAt'])
@Index('eta_forecasts_scored', ['gate', 'direction', 'calledAt'])
export class EtaForecastEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'eta_forecasts_pkey' })
  id: string;

  @Column('uuid', { name: 'entry_id' })
  entryId: string;

  @Column('text')
  gate: string;

  @Column('text')
  direction: Direction;

  @Column('timestamptz', { name: 'made_at' })
  madeAt: Date;

  @Column('int')
  position: number;

  @Column('timestamptz')
  p10: Date;

  @Column('timestamptz')
  p50: Date;

  @Column('timestamptz')
  p90: Date;

  /** The uncalibrated median and spread, to score the forecast for the calibration. */
  @Column('timestamptz', { name: 'raw_p50' })
  rawP50: Date;

  @Column('double precision')
  sigma: number;

  /** What the estimate rested on besides the calls (window, suspension, schedule): a change there is material. */
  @Column('text')
  basis: string;

  @Column('timestamptz', { name: 'called_at', nullable: true })
  calledAt: Date | null;

  /** Left the waiting queue without being called (cancelled, held, turned back): not scored. */
  @Column('timestamptz', { name: 'withdrawn_at', nullable: true })
  withdrawnAt: Date | null;
}
