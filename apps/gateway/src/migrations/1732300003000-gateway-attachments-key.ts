import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The socket.io adapter's attachments are found by id: its unique, non-null id becomes the table's primary key
 * (the same guarantee, and a key every table of the schema has, so its entity describes it).
 */
export class GatewayAttachmentsKey1732300003000 implements MigrationInterface {
  name = 'GatewayAttachmentsKey1732300003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE socket_io_attachments DROP CONSTRAINT socket_io_attachments_id_key');
    await q.query('ALTER TABLE socket_io_attachments ADD CONSTRAINT socket_io_attachments_pkey PRIMARY KEY (id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE socket_io_attachments DROP CONSTRAINT socket_io_attachments_pkey');
    await q.query('ALTER TABLE socket_io_attachments ADD CONSTRAINT socket_io_attachments_id_key UNIQUE (id)');
  }
}
