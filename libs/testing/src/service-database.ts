import { openServiceDataSource } from '@ates/database';
import type { DataSource, MigrationInterface } from 'typeorm';
import { createTestDatabase, TestDatabase } from './test-database';

export interface ServiceTestDatabase {
  db: TestDatabase;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** A fresh database with one service's schema migrated, for integration tests on real PostgreSQL. */
export async function openServiceTestDatabase(
  schema: string,
  migrations: (new () => MigrationInterface)[],
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[] = [],
): Promise<ServiceTestDatabase> {
  const db = await createTestDatabase(`ates_${schema}`);
  const dataSource = await openServiceDataSource({ url: db.url, schema, entities, migrations, poolSize: 4 });
  return {
    db,
    dataSource,
    async close() {
      await dataSource.destroy();
      await db.drop();
    },
  };
}
