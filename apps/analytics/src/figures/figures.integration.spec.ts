import type { TaskCompletedV1, TaskPricedV1, TaskStateV2 } from '@ates/contracts';
import { envelope, shuffled } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { BalancesRepository } from '../ledger/balances.repository';
import { TaskFactsRepository } from '../tasks/task-facts.repository';
import { AnalyticsHarness, analyticsHarness, entry } from '../testing/analytics-harness';

const [A, B, C] = [randomUUID(), randomUUID(), randomUUID()];
/** The arrival orders the "any order" tests try: one shuffle per seed. */
const SEEDS = [1, 3, 7, 42];

/** Three popugs over four days (UTC): A dips and recovers, B stays in debt, C falls into it on day 2. */
const ledger = [
  entry(A, 'assignment_fee', 1_500, '2026-03-01T09:00:00.000Z'),
  entry(B, 'assignment_fee', 1_000, '2026-03-01T10:00:00.000Z'),
  entry(C, 'completion_reward', 2_000, '2026-03-01T11:00:00.000Z'),
  entry(A, 'completion_reward', 3_000, '2026-03-02T09:00:00.000Z'),
  entry(C, 'assignment_fee', 1_700, '2026-03-02T10:00:00.000Z'),
  entry(C, 'assignment_fee', 800, '2026-03-02T23:30:00.000Z'),
  entry(A, 'payout', 1_500, '2026-03-03T00:00:05.000Z'),
  entry(B, 'completion_reward', 500, '2026-03-03T12:00:00.000Z'),
];

const summaries = (h: AnalyticsHarness, timeZone = 'UTC') =>
  Promise.all(
    ['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03'].map((d) => h.queries.summary(d, timeZone)),
  );

const periodRows = (h: AnalyticsHarness) =>
  h.db.query(
    `SELECT account_id, lower(period) AS since, upper(period) AS until FROM analytics.red_periods ORDER BY 1, 2`,
  );

describe('analytics figures (integration, real PostgreSQL)', () => {
  let h: AnalyticsHarness | undefined;
  afterEach(async () => {
    await h?.database.close();
    h = undefined;
  });

  it('gives each day’s earnings and the popugs in the red at its end', async () => {
    h = await analyticsHarness();
    await h.feed(ledger);
    expect(
      (await summaries(h)).map((s) => [s.date, s.managementEarnings, s.negativeBalanceAccounts]),
    ).toEqual([
      ['2026-02-28', 0, 0],
      ['2026-03-01', 1_500 + 1_000 - 2_000, 2], // A and B
      ['2026-03-02', 1_700 + 800 - 3_000, 2], // B and C (A is back at +15)
      ['2026-03-03', -500, 2], // payouts are not earnings; B and C still in debt
    ]);
  });

  it('counts the same whatever the arrival order and however often entries are delivered', async () => {
    h = await analyticsHarness();
    await h.feed(ledger);
    const inOrder = { summaries: await summaries(h), periods: await periodRows(h) };
    await h.database.close();

    for (const seed of SEEDS) {
      h = await analyticsHarness();
      const messy = shuffled([...ledger, ...ledger.slice(2, 6)], seed);
      for (let i = 0; i < messy.length; i += 3) await h.feed(messy.slice(i, i + 3));
      await h.feed(ledger.slice(0, 4)); // a late redelivery
      expect({ seed, summaries: await summaries(h) }).toEqual({ seed, summaries: inOrder.summaries });
      expect({ seed, periods: await periodRows(h) }).toEqual({ seed, periods: inOrder.periods });
      const messyHarness = h;
      await h.db.transaction((tx) => new BalancesRepository().recompute(tx, null));
      expect({ seed, periods: await periodRows(messyHarness) }).toEqual({ seed, periods: inOrder.periods });
      await h.database.close();
      h = undefined;
    }
  }, 60_000);

  it('counts days in ATES_TIMEZONE: the 23:30 UTC fee of 2 March belongs to 3 March in Berlin', async () => {
    h = await analyticsHarness('Europe/Berlin');
    await h.feed(ledger);
    const [, , march2, march3] = await summaries(h, 'Europe/Berlin');
    expect(march2.managementEarnings).toBe(1_700 - 3_000);
    expect(march3.managementEarnings).toBe(800 - 500);
  });

  describe('most expensive task', () => {
    const task = (title: string, reward: number, completedAt: string) => {
      const id = randomUUID();
      const state: TaskStateV2 = {
        public_id: id,
        title,
        jira_id: title.startsWith('POP') ? title.slice(0, 6) : null,
        description: '',
        status: 'done',
        assignee_id: A,
        version: 2,
        created_at: '2026-03-01T00:00:00.000Z',
        completed_at: completedAt,
      } as TaskStateV2;
      return {
        id,
        events: [
          envelope('TaskUpdated', 2, state),
          envelope<TaskPricedV1>('TaskPriced', 1, {
            task_id: id,
            assignment_fee: 1_000,
            completion_reward: reward,
            currency: 'USD',
            priced_at: '2026-03-01T00:00:00.000Z',
          }),
          envelope<TaskCompletedV1>('TaskCompleted', 1, {
            task_id: id,
            assignee_id: A,
            completed_at: completedAt,
          }),
        ],
      };
    };
    const cheap = task('Cheap', 2_000, '2026-03-02T08:00:00.000Z'); // Monday
    const early = task('POP-01 Early', 3_800, '2026-03-03T08:00:00.000Z');
    const late = task('Late', 3_800, '2026-03-03T09:00:00.000Z'); // same reward, later: loses the tie
    const top = task('Top', 4_000, '2026-03-09T12:00:00.000Z'); // next ISO week
    const unpriced = { id: randomUUID() }; // completed, but no TaskPriced yet: not a candidate
    const events = [
      ...cheap.events,
      ...early.events,
      ...late.events,
      ...top.events,
      envelope<TaskCompletedV1>('TaskCompleted', 1, {
        task_id: unpriced.id,
        assignee_id: A,
        completed_at: '2026-03-02T09:00:00.000Z',
      }),
    ];

    it('picks the highest reward per period, ties to the earliest completion, null when none, in any order', async () => {
      for (const feedOrder of [
        events,
        ...SEEDS.map((seed) => shuffled([...events, ...events], seed).reverse()),
      ]) {
        h = await analyticsHarness();
        for (let i = 0; i < feedOrder.length; i += 2) await h.feed(feedOrder.slice(i, i + 2));
        const whole = await h.controller.mostExpensiveTask({ from: '2026-03-01', to: '2026-03-10' });
        expect(whole.task).toMatchObject({ taskId: top.id, reward: 4_000, title: 'Top' });
        const days = await h.controller.mostExpensiveTasks({ from: '2026-03-01', to: '2026-03-03' });
        expect(days.map((d) => [d.from, d.task?.taskId ?? null])).toEqual([
          ['2026-03-01', null],
          ['2026-03-02', cheap.id],
          ['2026-03-03', early.id],
        ]);
        expect(days[2].task).toEqual({
          taskId: early.id,
          title: 'POP-01 Early',
          jiraId: 'POP-01',
          reward: 3_800,
          completedAt: '2026-03-03T08:00:00.000Z',
        });
        const weeks = await h.controller.mostExpensiveTasks({
          from: '2026-03-01',
          to: '2026-03-15',
          granularity: 'week',
        });
        expect(weeks.map((w) => [w.from, w.to, w.task?.taskId ?? null])).toEqual([
          ['2026-03-01', '2026-03-01', null],
          ['2026-03-02', '2026-03-08', early.id],
          ['2026-03-09', '2026-03-15', top.id],
        ]);
        const months = await h.controller.mostExpensiveTasks({
          from: '2026-02-20',
          to: '2026-03-31',
          granularity: 'month',
        });
        expect(months.map((m) => m.task?.taskId ?? null)).toEqual([null, top.id]);
        // The incremental read model equals one rebuilt from scratch (and so do the red periods).
        const topRows = () => h!.db.query('SELECT * FROM analytics.daily_top_tasks ORDER BY business_date');
        const incremental = await topRows();
        await h.db.transaction((tx) => new TaskFactsRepository('UTC').rebuildDailyTop(tx));
        expect(await topRows()).toEqual(incremental);
        await h.database.close();
        h = undefined;
      }
    }, 60_000);

    it('buckets completions by business day in ATES_TIMEZONE', async () => {
      h = await analyticsHarness('America/New_York');
      const night = task('Night shift', 3_000, '2026-03-03T03:00:00.000Z'); // 22:00 on 2 March in New York
      await h.feed(night.events);
      const days = await h.controller.mostExpensiveTasks({ from: '2026-03-02', to: '2026-03-03' });
      expect(days.map((d) => [d.from, d.task?.taskId ?? null])).toEqual([
        ['2026-03-02', night.id],
        ['2026-03-03', null],
      ]);
    });
  });
});
