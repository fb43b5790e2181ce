import type { TaskAddedV2, TaskCompletedV1, TaskPricedV1, TaskStateV2 } from '@ates/contracts';
import { envelope, seededRandom, shuffled } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { AnalyticsHarness, analyticsHarness, readAfterFeeding } from '../testing/analytics-harness';
import { TaskFactsRepository } from './task-facts.repository';

jest.setTimeout(60_000); // each case migrates a fresh database first: slow on a loaded machine

const updated = (taskId: string, title: string, version: number) =>
  envelope<TaskStateV2>('TaskUpdated', 2, {
    public_id: taskId,
    title,
    jira_id: null,
    description: '',
    status: 'open',
    assignee_id: randomUUID(),
    version,
    created_at: '2026-03-01T00:00:00.000Z',
    completed_at: null,
  });
const added = (taskId: string, title: string) =>
  envelope<TaskAddedV2>('TaskAdded', 2, {
    task_id: taskId,
    title,
    jira_id: null,
    description: '',
    assignee_id: randomUUID(),
    created_at: '2026-03-01T00:00:00.000Z',
  });
const priced = (taskId: string, reward: number) =>
  envelope<TaskPricedV1>('TaskPriced', 1, {
    task_id: taskId,
    assignment_fee: 1_000,
    completion_reward: reward,
    currency: 'USD',
    priced_at: '2026-03-01T00:00:00.000Z',
  });
const completed = (taskId: string, at: string) =>
  envelope<TaskCompletedV1>('TaskCompleted', 1, {
    task_id: taskId,
    assignee_id: randomUUID(),
    completed_at: at,
  });

const tasks = (h: AnalyticsHarness) =>
  h.q(
    `SELECT public_id, title, version, reward::int AS reward, completed_at FROM analytics.tasks ORDER BY 1`,
  );
const dailyTop = (h: AnalyticsHarness) =>
  h.q(
    `SELECT business_date::text AS day, task_id, reward::int AS reward FROM analytics.daily_top_tasks ORDER BY 1`,
  );

/** Guarantees of a set-based chunk of task facts (issue 14): each case is fed as ONE chunk. */
describe('a chunk of task facts applied set-based (integration, real PostgreSQL)', () => {
  let h: AnalyticsHarness | undefined;
  afterEach(async () => {
    await h?.database.close();
    h = undefined;
  });

  it('applies a duplicate of a fact inside the chunk once, and keeps the first reward and completion', async () => {
    h = await analyticsHarness();
    const t = randomUUID();
    const price = priced(t, 3_000);
    const done = completed(t, '2026-03-02T10:00:00.000Z');
    await h.feed([price, done, price, priced(t, 9_000), completed(t, '2026-03-03T10:00:00.000Z'), done]);

    expect(await tasks(h)).toEqual([
      {
        public_id: t,
        title: null,
        version: 0,
        reward: 3_000,
        completed_at: new Date('2026-03-02T10:00:00.000Z'),
      },
    ]);
    expect(await dailyTop(h)).toEqual([{ day: '2026-03-02', task_id: t, reward: 3_000 }]);
  });

  it('keeps the newest details when an older version arrives after a newer one, in the chunk or before it', async () => {
    h = await analyticsHarness();
    const [t1, t2] = [randomUUID(), randomUUID()].sort();
    await h.feed([updated(t2, 'T2 v3', 3)]);
    await h.feed([
      completed(t1, '2026-03-02T10:00:00.000Z'), // completion before the price
      updated(t1, 'T1 v3', 3),
      added(t1, 'T1 added'), // fills in only while nothing is known
      updated(t1, 'T1 v2', 2),
      updated(t1, 'T1 v3 again', 3), // equal version: the first stays
      priced(t1, 2_500),
      updated(t2, 'T2 v2', 2), // older than what was held before the chunk
    ]);

    expect((await tasks(h)).map(({ title, version }) => ({ title, version }))).toEqual([
      { title: 'T1 v3', version: 3 },
      { title: 'T2 v3', version: 3 },
    ]);
    expect(await dailyTop(h)).toEqual([{ day: '2026-03-02', task_id: t1, reward: 2_500 }]);
  });

  it('dead-letters a poison fact in the middle of the chunk while its neighbours are applied', async () => {
    h = await analyticsHarness();
    const [t1, t2, t3] = [randomUUID(), randomUUID(), randomUUID()].sort();
    const { dead, commits } = await h.transport([
      priced(t1, 2_000),
      completed(t1, '2026-03-02T10:00:00.000Z'),
      priced(t2, 1e19), // beyond bigint
      added(t3, 'Third'),
    ]);

    expect(dead).toEqual([{ offset: '2', reason: expect.stringMatching(/out of range/) }]);
    expect(commits).toEqual(['3']);
    expect((await tasks(h)).map(({ public_id, title, reward }) => ({ public_id, title, reward }))).toEqual([
      { public_id: t1, title: null, reward: 2_000 },
      { public_id: t3, title: 'Third', reward: null },
    ]);
    expect(await dailyTop(h)).toEqual([{ day: '2026-03-02', task_id: t1, reward: 2_000 }]);
  });

  it('gives the same tasks and daily top for a shuffled stream applied in chunks as one by one', async () => {
    const random = seededRandom(3);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const ids = Array.from({ length: 30 }, () => randomUUID());
    const day = () =>
      `2026-03-0${1 + Math.floor(random() * 4)}T${String(10 + Math.floor(random() * 10))}:00:00.000Z`;
    const stream = Array.from({ length: 160 }, (_, i) => {
      const t = pick(ids);
      return pick([
        () => updated(t, `T v${i}`, 1 + Math.floor(random() * 4)),
        () => added(t, `T added ${i}`),
        () => priced(t, 100 * (10 + Math.floor(random() * 5))), // ties on the reward happen
        () => completed(t, day()),
      ])();
    });
    const delivered = shuffled([...stream, ...stream.slice(10, 40)], 4);
    const readModels = async (h: AnalyticsHarness) => {
      const result = { tasks: await tasks(h), top: await dailyTop(h) };
      await h.db.transaction((tx) => new TaskFactsRepository('UTC').rebuildDailyTop(tx));
      expect(await dailyTop(h)).toEqual(result.top); // the incremental top equals one rebuilt from scratch
      return result;
    };

    const oneByOne = await readAfterFeeding(delivered, 1, readModels);
    const inChunks = await readAfterFeeding(delivered, 40, readModels);
    expect(inChunks).toEqual(oneByOne);
    expect(inChunks.top.length).toBe(4);
  });
});
