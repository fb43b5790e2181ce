import { createTestDatabase, TestDatabase } from '@ates/testing';
import { DataSource } from 'typeorm';
import { mailTablesUp } from '../mail-tables';

export const SCHEMA = 'billing';

export interface MailTestDatabase {
  db: TestDatabase;
  dataSource: DataSource;
  /** Another connection pool to the same database: a second replica of the service. */
  replica(): Promise<DataSource>;
  close(): Promise<void>;
}

/** A fresh real PostgreSQL database with the mail outbox in the `billing` schema. */
export async function mailTestDatabase(): Promise<MailTestDatabase> {
  const db = await createTestDatabase('ates_mail');
  const pools: DataSource[] = [];
  const open = async () => {
    const pool = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    pools.push(pool);
    return pool;
  };
  const dataSource = await open();
  await dataSource.query(`CREATE SCHEMA ${SCHEMA}`);
  for (const sql of mailTablesUp(SCHEMA)) await dataSource.query(sql);
  return {
    db,
    dataSource,
    replica: open,
    async close() {
      for (const pool of pools) await pool.destroy();
      await db.drop();
    },
  };
}
