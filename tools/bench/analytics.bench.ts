/**
 * Analytics read-model benchmark (issue 4): loads 1,000,000 completed tasks and 5,000,000 ledger entries for
 * 2,000 popugs over a year into a throwaway database, builds the read models the way the service does, then
 * times every analytics route's query (the controller methods, without HTTP) and prints a Markdown table.
 *
 *   npm run bench:analytics            # TASKS=… ENTRIES=… ACCOUNTS=… DAYS=… RUNS=… to change the size
 *
 * Needs the PostgreSQL of TEST_DATABASE_URL / DATABASE_URL / 127.0.0.1:5432. Not part of any test suite.
 */
import 'reflect-metadata';
import { openServiceDataSource } from '@ates/database';
import { addDays, businessDate } from '@ates/platform';
import { createTestDatabase } from '@ates/testing';
import {
  BalancesRepository,
  FiguresController,
  FiguresQueries,
  MIGRATIONS,
  TaskFactsRepository,
} from '@ates/analytics-app';

const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TASKS = size('TASKS', 1_000_000);
const ENTRIES = size('ENTRIES', 5_000_000);
const ACCOUNTS = size('ACCOUNTS', 2_000);
const DAYS = size('DAYS', 365);
const RUNS = size('RUNS', 50);
const TIME_ZONE = 'Europe/Berlin';

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  console.error(`  ${label}: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
  return result;
}

async function main(): Promise<void> {
  const db = await createTestDatabase('ates_bench');
  const dataSource = await openServiceDataSource({
    url: db.url,
    schema: 'analytics',
    entities: [],
    migrations: MIGRATIONS,
    poolSize: 4,
  });
  try {
    const today = businessDate(new Date(), TIME_ZONE);
    const start = addDays(today, -(DAYS - 1));
    console.error(`loading ${TASKS} tasks, ${ENTRIES} entries, ${ACCOUNTS} accounts over ${DAYS} days`);
    await timed('tasks', () =>
      dataSource.query(
        `INSERT INTO analytics.tasks (public_id, title, jira_id, version, reward, completed_at)
         SELECT gen_random_uuid(), 'Task ' || i, CASE WHEN i % 3 = 0 THEN 'POP-' || i END, 2,
                (20 + floor(random() * 21)::int) * 100,
                $2::date::timestamp AT TIME ZONE $3 + random() * ($1::int * interval '1 day')
           FROM generate_series(1, $4::int) AS i`,
        [DAYS, start, TIME_ZONE, TASKS],
      ),
    );
    await timed('entries', () =>
      dataSource.query(
        `INSERT INTO analytics.transactions (public_id, account_id, kind, debit, credit, task_id, created_at)
         SELECT gen_random_uuid(), ('00000000-0000-4000-8000-' || lpad(to_hex(i % $4::int), 12, '0'))::uuid,
                k.kind, CASE WHEN k.kind = 'completion_reward' THEN 0 ELSE k.amount END,
                CASE WHEN k.kind = 'completion_reward' THEN k.amount ELSE 0 END,
                CASE WHEN k.kind = 'payout' THEN NULL ELSE gen_random_uuid() END,
                $2::date::timestamp AT TIME ZONE $3 + (i::float8 / $5::int) * ($1::int * interval '1 day')
           FROM generate_series(1, $5::int) AS i,
                LATERAL (SELECT CASE WHEN i % 20 < 12 THEN 'assignment_fee'
                                     WHEN i % 20 < 19 THEN 'completion_reward' ELSE 'payout' END AS kind,
                                (10 + floor(random() * 21)::int) * 100 AS amount) AS k`,
        [DAYS, start, TIME_ZONE, ACCOUNTS, ENTRIES],
      ),
    );
    await timed('account balances', () =>
      dataSource.query(
        `INSERT INTO analytics.accounts (public_id, balance, last_entry_at)
         SELECT account_id, sum(credit - debit), max(created_at) FROM analytics.transactions GROUP BY account_id`,
      ),
    );
    await timed('red periods (rebuild)', () =>
      dataSource.transaction((tx) => new BalancesRepository().recompute(tx, null)),
    );
    await timed('daily top tasks (rebuild)', () =>
      dataSource.transaction((tx) => new TaskFactsRepository(TIME_ZONE).rebuildDailyTop(tx)),
    );
    await timed('vacuum analyze', () => dataSource.query('VACUUM ANALYZE'));
    const [counts] = await dataSource.query(
      `SELECT (SELECT count(*) FROM analytics.tasks)::int AS tasks,
              (SELECT count(*) FROM analytics.transactions)::int AS entries,
              (SELECT count(*) FROM analytics.red_periods)::int AS red_periods,
              (SELECT count(*) FROM analytics.daily_top_tasks)::int AS days`,
    );
    console.error(`  loaded: ${JSON.stringify(counts)}`);

    const figures = new FiguresController(new FiguresQueries(dataSource), TIME_ZONE);
    const mid = addDays(today, -Math.floor(DAYS / 2));
    const cases: [string, () => Promise<unknown>][] = [
      ['GET /analytics/summary (today)', () => figures.summary({})],
      [`GET /analytics/summary?date=${mid}`, () => figures.summary({ date: mid })],
      ['GET /analytics/most-expensive-task (today)', () => figures.mostExpensiveTask({})],
      [
        'GET /analytics/most-expensive-task (a year)',
        () => figures.mostExpensiveTask({ from: start, to: today }),
      ],
      [
        'GET /analytics/most-expensive-tasks (30 days, by day)',
        () => figures.mostExpensiveTasks({ from: addDays(today, -29), to: today }),
      ],
      [
        'GET /analytics/most-expensive-tasks (a year, by day)',
        () => figures.mostExpensiveTasks({ from: start, to: today }),
      ],
      [
        'GET /analytics/most-expensive-tasks (a year, by week)',
        () => figures.mostExpensiveTasks({ from: start, to: today, granularity: 'week' }),
      ],
      [
        'GET /analytics/most-expensive-tasks (a year, by month)',
        () => figures.mostExpensiveTasks({ from: start, to: today, granularity: 'month' }),
      ],
    ];
    console.log(`| Route (query part, ${RUNS} runs after 3 warm-ups) | p50 ms | p95 ms | max ms |`);
    console.log('| --- | ---: | ---: | ---: |');
    for (const [label, run] of cases) {
      for (let i = 0; i < 3; i++) await run();
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = process.hrtime.bigint();
        await run();
        samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      samples.sort((a, b) => a - b);
      const at = (q: number) =>
        samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(1);
      console.log(`| ${label} | ${at(0.5)} | ${at(0.95)} | ${samples[samples.length - 1].toFixed(1)} |`);
    }
  } finally {
    await dataSource.destroy();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
