import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The infrastructure fee tariff (phí sử dụng công trình kết cấu hạ tầng), dated: a row per fee class and
 * effective day, never updated nor deleted (a trigger refuses both), so what a past day's vehicles owed can
 * always be read again. Seeded with the Lạng Sơn rates our reference gives.
 */
export class DeclarationFeeTariffs1732300250000 implements MigrationInterface {
  name = 'DeclarationFeeTariffs1732300250000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE fee_tariffs (
      fee_class text NOT NULL CHECK (fee_class IN ('UNDER_2T', 'FROM_2T_TO_10T', 'FROM_10T_TO_20T', 'OVER_20T', 'CONTAINER_20FT', 'CONTAINER_40FT')),
      effective_from date NOT NULL,
      amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
      source text NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL,
      CONSTRAINT fee_tariffs_pkey PRIMARY KEY (fee_class, effective_from)
    )`);
    await q.query(`CREATE FUNCTION fee_tariffs_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'fee_tariffs rows are never changed: add a row with a later effective day' USING ERRCODE = 'check_violation';
      END $$`);
    await q.query(`CREATE TRIGGER fee_tariffs_immutable BEFORE UPDATE OR DELETE ON fee_tariffs
      FOR EACH ROW EXECUTE FUNCTION fee_tariffs_immutable()`);
    // Lạng Sơn's resolution in force from May 2025 (the reference gives the month; its first day is used).
    // Only the two rates it states are seeded; the other classes wait for the administration to add theirs.
    const source =
      'Nghị quyết HĐND tỉnh Lạng Sơn về phí sử dụng công trình kết cấu hạ tầng tại cửa khẩu, hiệu lực từ tháng 5/2025';
    await q.query(
      `INSERT INTO fee_tariffs (fee_class, effective_from, amount_vnd, source, created_by, created_at) VALUES
        ('UNDER_2T', '2025-05-01', 100000, $1 || ' (xe dưới 2 tấn, rau quả tươi xuất khẩu)', NULL, now()),
        ('CONTAINER_40FT', '2025-05-01', 4000000, $1 || ' (container 40 feet, tạm nhập tái xuất)', NULL, now())`,
      [source],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE fee_tariffs');
    await q.query('DROP FUNCTION fee_tariffs_immutable()');
  }
}
