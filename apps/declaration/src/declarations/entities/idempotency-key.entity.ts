import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The first response to a firm's `Idempotency-Key`, kept 48 hours and replayed to a repeat of the request. */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_age', ['createdAt'])
export class IdempotencyKey {
  @PrimaryColumn('uuid', { name: 'firm_id', primaryKeyConstraintName: 'idempotency_keys_pkey' })
  firmId: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'idempotency_keys_pkey' })
  key: string;

  @Column('text', { name: 'request_hash' })
  requestHash: string;

  @Column('int', { name: 'response_status' })
  responseStatus: number;

  @Column('jsonb', { name: 'response_body' })
  responseBody: unknown;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
