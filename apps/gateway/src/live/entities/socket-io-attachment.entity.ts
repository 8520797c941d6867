import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * @socket.io/postgres-adapter's table for broadcasts over the 8,000-byte NOTIFY limit; only the adapter reads
 * and writes it. Created by the gateway's migration, never at start (instances starting together would race).
 */
@Entity({ name: 'socket_io_attachments' })
export class SocketIoAttachmentEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'socket_io_attachments_pkey' })
  id: string;

  @Column('timestamptz', { name: 'created_at', nullable: true, default: () => 'now()' })
  createdAt: Date | null;

  @Column('bytea', { nullable: true })
  payload: Buffer | null;
}
