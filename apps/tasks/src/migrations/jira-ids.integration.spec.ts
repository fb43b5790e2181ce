import { splitJiraTitle } from '@ates/contracts';
import { openServiceTestDatabase, type ServiceTestDatabase } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { MIGRATIONS } from '.';
import { JiraIds1732700000000 } from './1732700000000-jira-ids';

/** Titles as the v1 system stored them, with and without a bracketed Jira id. */
const LEGACY_TITLES = [
  '[UBERPOP-42] Paint it green',
  '  [ POP-7 ]   Feed the parrots  ',
  '[UBERPOP-1]',
  'No id at all',
  'Trailing [bracket] inside',
  '[A-1][B-2] Two ids',
  '[unclosed Paint',
  '[UBERPOP-9] Multi\nline',
];

describe('Jira-id data migration (integration, real PostgreSQL)', () => {
  let database: ServiceTestDatabase;
  beforeAll(async () => {
    database = await openServiceTestDatabase('tasks', MIGRATIONS);
  });
  afterAll(() => database.close());

  it('splits legacy titles exactly as v1 events are read, leaves the others, and forbids brackets again', async () => {
    const q = (sql: string, params?: unknown[]) => database.dataSource.query(sql, params);
    // A database from before the change: no CHECK yet, bracketed titles, no jira_id.
    await q(`ALTER TABLE tasks.tasks DROP CONSTRAINT tasks_title_check`);
    for (const title of LEGACY_TITLES)
      await q(`INSERT INTO tasks.tasks (title, assignee_id, created_by) VALUES ($1, $2, $2)`, [
        title,
        randomUUID(),
      ]);
    await q(
      `INSERT INTO tasks.tasks (title, jira_id, assignee_id, created_by) VALUES ('Already v2', 'POP-2', $1, $1)`,
      [randomUUID()],
    );

    const runner = database.dataSource.createQueryRunner();
    await new JiraIds1732700000000().up(runner);
    await runner.release();

    const rows: { title: string; jira_id: string | null }[] = await q(
      `SELECT title, jira_id FROM tasks.tasks ORDER BY id`,
    );
    expect(rows.slice(0, LEGACY_TITLES.length)).toEqual(
      LEGACY_TITLES.map((legacy) => {
        const split = splitJiraTitle(legacy);
        // Titles that can't be split keep their text (and must then be fixed by hand: see the runbook).
        return split.jiraId
          ? { title: split.title, jira_id: split.jiraId }
          : { title: legacy, jira_id: null };
      }),
    );
    expect(rows[LEGACY_TITLES.length]).toEqual({ title: 'Already v2', jira_id: 'POP-2' });
    // Three titles still hold brackets: the CHECK guards new rows only, until they are fixed by hand.
    const [check] = await q(
      `SELECT convalidated FROM pg_constraint WHERE conname = 'tasks_title_check' AND conrelid = 'tasks.tasks'::regclass`,
    );
    expect(check).toEqual({ convalidated: false });
    await expect(
      q(`INSERT INTO tasks.tasks (title, assignee_id, created_by) VALUES ('[X-1] New', $1, $1)`, [
        randomUUID(),
      ]),
    ).rejects.toThrow(/tasks_title_check/);
  });

  it('keeps a fully validated CHECK on a database without legacy titles', async () => {
    const fresh = await openServiceTestDatabase('tasks', MIGRATIONS);
    try {
      const [check] = await fresh.dataSource.query(
        `SELECT convalidated FROM pg_constraint WHERE conname = 'tasks_title_check'`,
      );
      expect(check).toEqual({ convalidated: true });
    } finally {
      await fresh.close();
    }
  });
});
