/**
 * `npm run db:check-dump` (in CI, with PostgreSQL and Kafka up): dump.sql must be current and must work.
 * 1. `psql <fresh db> -f dump.sql` succeeds.
 * 2. Its schema equals the one every service's migrations build on another fresh database, and so does the list
 *    of migrations applied: a migration added without `npm run db:dump` fails here.
 * 3. The services start on the loaded database (they find nothing to migrate), the demo admin signs in, the demo
 *    tasks and balances are there, and the ledger audit passes.
 */
import { BACKEND_SERVICES, BackendService } from '@ates/config';
import { openServiceDataSource } from '@ates/database';
import { createTestDatabase, TestDatabase } from '@ates/testing';
import { join } from 'node:path';
import { Client } from 'pg';
import type { MigrationInterface } from 'typeorm';
import { MIGRATIONS as ACCOUNTING } from '@ates/accounting-app';
import { MIGRATIONS as ANALYTICS } from '@ates/analytics-app';
import { MIGRATIONS as AUTH } from '@ates/auth-app';
import { Api, Stack } from '@ates/e2e-app';
import { MIGRATIONS as TASKS } from '@ates/tasks-app';
import { auditLedger } from '../ledger/check';
import { DEMO_ADMIN_PASSWORD, pgDump, psqlFile } from './pg-tools';

const ROOT = join(__dirname, '..', '..');
const MIGRATIONS: Record<BackendService, (new () => MigrationInterface)[]> = {
  auth: AUTH,
  tasks: TASKS,
  accounting: ACCOUNTING,
  analytics: ANALYTICS,
};

/** The schema as DDL, without comments, blank lines, session settings and `\restrict` keys (which differ between dumps). */
const schemaOf = (url: string) =>
  pgDump(url, ['--schema-only'])
    .split('\n')
    .filter(
      (line) =>
        line.trim() !== '' &&
        !line.startsWith('--') &&
        !/^(SET|SELECT pg_catalog\.set_config|\\(un)?restrict )/.test(line),
    )
    .join('\n');

async function migrationsIn(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const names: string[] = [];
    for (const schema of BACKEND_SERVICES)
      for (const row of (await client.query(`SELECT name FROM ${schema}.migrations ORDER BY id`)).rows)
        names.push(`${schema}: ${row.name}`);
    return names;
  } finally {
    await client.end();
  }
}

async function main(): Promise<string[]> {
  const problems: string[] = [];
  const loaded: TestDatabase = await createTestDatabase('ates_dump_loaded');
  const migrated: TestDatabase = await createTestDatabase('ates_dump_migrated');
  try {
    psqlFile(loaded.url, join(ROOT, 'dump.sql'));
    for (const schema of BACKEND_SERVICES)
      await (
        await openServiceDataSource({
          url: migrated.url,
          schema,
          entities: [],
          migrations: MIGRATIONS[schema],
          poolSize: 1,
        })
      ).destroy();
    if (schemaOf(loaded.url) !== schemaOf(migrated.url))
      problems.push('dump.sql: its schema differs from what the migrations build (run `npm run db:dump`)');
    const [applied, expected] = [await migrationsIn(loaded.url), await migrationsIn(migrated.url)];
    if (applied.join('\n') !== expected.join('\n'))
      problems.push(`dump.sql: migrations ${applied.join(', ')}; the code has ${expected.join(', ')}`);

    const stack = new Stack();
    await stack.start({ ATES_ADMIN_PASSWORD: 'ignored-the-admin-exists', LOG_LEVEL: 'warn' }, loaded);
    try {
      const anon = new Api(stack.gateway);
      const login = await anon.post('/auth/login', { username: 'admin', password: DEMO_ADMIN_PASSWORD });
      if (login.status !== 200) problems.push(`the demo admin can't sign in: ${login.status}`);
      const admin = anon.as(login.body?.accessToken ?? '');
      const tasks = (await admin.get('/tasks?limit=500')).body as unknown[];
      if (!Array.isArray(tasks) || tasks.length < 8)
        problems.push(`expected the 8 demo tasks, got ${JSON.stringify(tasks).slice(0, 200)}`);
      const balances = (await admin.get('/accounting/accounts')).body as unknown[];
      if (!Array.isArray(balances) || balances.length < 4) problems.push('expected the demo balances');
      // At start accounting closes the dump day's cycle (overdue by now): wait for the audit to settle on it.
      let audit = await auditLedger(loaded.url);
      for (let i = 0; i < 30 && audit.problems.length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        audit = await auditLedger(loaded.url);
      }
      problems.push(...audit.problems.map((p) => `ledger: ${p}`));
    } finally {
      await stack.stop();
    }
  } finally {
    await loaded.drop();
    await migrated.drop();
  }
  return problems;
}

main().then(
  (problems) => {
    for (const problem of problems) console.error(`db:check-dump: ${problem}`);
    console.log(problems.length === 0 ? 'db:check-dump: ok' : `db:check-dump: ${problems.length} problem(s)`);
    process.exit(problems.length === 0 ? 0 : 1);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
