// Issue 14 §5, ADR 0016: lint refuses SQL outside repositories, read models' queries and migrations, and
// TypeORM's query API everywhere. Each case is linted as `npm run lint` lints it, at the path it names.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function restrictions(path: string, source: string): string[] {
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'),
      '-f',
      'json',
      '--stdin',
      '--stdin-filename',
      path,
    ],
    { cwd: root, encoding: 'utf8', input: source },
  );
  const [result] = JSON.parse(run.stdout) as Array<{
    messages: Array<{ ruleId: string | null; message: string }>;
  }>;
  return result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const query = 'export const f = (db: { query(sql: string): unknown }, sql: string) => db.query(sql);\n';
const statement = 'export const SQL = `INSERT INTO auth.accounts (username) VALUES ($1)`;\n';
const entityApi =
  "import { EntityManager } from 'typeorm';\nclass AccountEntity {}\n" +
  'export const f = (tx: EntityManager) => tx.save(AccountEntity, {});\n';
const queryBuilder =
  "import { DataSource } from 'typeorm';\n" +
  "export const f = (db: DataSource) => db.getRepository('x').createQueryBuilder('a').getOne();\n";

describe('where SQL may appear (ADR 0016)', () => {
  it.each([
    ['apps/auth/src/keys/signing-keys.service.ts', query],
    ['apps/accounting/src/billing/billing.service.ts', statement],
    ['libs/messaging/src/inbox.ts', statement],
  ])('refuses SQL in %s', (path, source) => {
    expect(restrictions(path, source)).toEqual([expect.stringContaining('SQL only in *.repository.ts')]);
  });

  it.each([
    ['apps/auth/src/keys/signing-keys.repository.ts', query],
    ['apps/accounting/src/ledger/ledger.queries.ts', statement],
    ['apps/auth/src/migrations/1732500000000-initial.ts', query],
    ['apps/auth/src/accounts/accounts.integration.spec.ts', statement],
  ])('accepts SQL in %s', (path, source) => {
    expect(restrictions(path, source)).toEqual([]);
  });

  it('refuses TypeORM’s query API even in a repository', () => {
    const path = 'apps/auth/src/accounts/accounts.repository.ts';
    expect(restrictions(path, entityApi)).toEqual([expect.stringContaining('typed schema of its table')]);
    expect(restrictions(path, queryBuilder)).toEqual([
      expect.stringContaining("TypeORM's query API"),
      expect.stringContaining("TypeORM's query API"),
    ]);
  });

  it('leaves words that only look like SQL alone', () => {
    const source =
      "export const route = { method: 'DELETE', path: '/session/refresh' };\n" +
      "export const hint = 'Select a task to complete it';\n";
    expect(restrictions('apps/gateway/src/session/register-session.ts', source)).toEqual([]);
  });
});
