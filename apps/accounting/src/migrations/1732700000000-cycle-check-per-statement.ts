import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "No entry lands in a closed cycle" is checked once per statement over the rows it inserted (a transition
 * table) instead of once per row: a chunk's or a close's entries are one multi-row insert (ADR 0014).
 */
export class CycleCheckPerStatement1732700000000 implements MigrationInterface {
  name = 'CycleCheckPerStatement1732700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER entries_into_open_cycle ON accounting.entries`);
    await db.query(`DROP FUNCTION accounting.entry_cycle_is_open()`);
    await db.query(`CREATE FUNCTION accounting.entries_cycles_are_open() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE closed bigint;
      BEGIN
        SELECT n.cycle_id INTO closed FROM added n
          WHERE NOT EXISTS (SELECT 1 FROM accounting.billing_cycles c WHERE c.id = n.cycle_id AND c.status = 'open')
          LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'billing cycle % is closed', closed USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER entries_into_open_cycle AFTER INSERT ON accounting.entries
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION accounting.entries_cycles_are_open()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER entries_into_open_cycle ON accounting.entries`);
    await db.query(`DROP FUNCTION accounting.entries_cycles_are_open()`);
    await db.query(`CREATE FUNCTION accounting.entry_cycle_is_open() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM accounting.billing_cycles WHERE id = NEW.cycle_id AND status = 'open') THEN
          RAISE EXCEPTION 'billing cycle % is closed', NEW.cycle_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER entries_into_open_cycle BEFORE INSERT ON accounting.entries
      FOR EACH ROW EXECUTE FUNCTION accounting.entry_cycle_is_open()`);
  }
}
