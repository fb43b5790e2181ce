import { envelope, seededRandom, shuffled } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { AnalyticsHarness, analyticsHarness, entry, readAfterFeeding } from '../testing/analytics-harness';
import { BalancesRepository } from './balances.repository';

jest.setTimeout(60_000); // each case migrates a fresh database first: slow on a loaded machine

const accounts = (h: AnalyticsHarness) =>
  h.q(`SELECT public_id, balance::int AS balance, last_entry_at FROM analytics.accounts ORDER BY 1`);
const periods = (h: AnalyticsHarness) =>
  h.q(
    `SELECT account_id, lower(period) AS since, upper(period) AS until FROM analytics.red_periods ORDER BY 1, 2`,
  );
/** How many transactions applied the events: the inbox rows of one transaction share its start time. */
const transactions = async (h: AnalyticsHarness) =>
  (
    await h.q<{ n: number }>(`SELECT count(DISTINCT processed_at)::int AS n FROM analytics.processed_events`)
  )[0].n;
const recomputed = async (h: AnalyticsHarness) => {
  await h.db.transaction((tx) => new BalancesRepository().recompute(tx, null));
  return periods(h);
};

/** Guarantees of a set-based chunk of TransactionCreated (issue 14): each case is fed as ONE chunk. */
describe('a chunk of ledger entries applied set-based (integration, real PostgreSQL)', () => {
  let h: AnalyticsHarness | undefined;
  afterEach(async () => {
    await h?.database.close();
    h = undefined;
  });

  it('counts a duplicate of an entry inside the chunk once, as another delivery or another event', async () => {
    h = await analyticsHarness();
    const A = randomUUID();
    const fee = entry(A, 'assignment_fee', 1_000, '2026-03-01T09:00:00.000Z');
    const republished = envelope('TransactionCreated', 1, fee.data); // the same entry, another event id
    const reward = entry(A, 'completion_reward', 1_500, '2026-03-01T09:00:00.000Z'); // same instant
    await h.feed([fee, fee, republished, reward, fee, republished]);

    expect(await h.q(`SELECT count(*)::int AS n FROM analytics.transactions`)).toEqual([{ n: 2 }]);
    expect(await accounts(h)).toEqual([
      { public_id: A, balance: 500, last_entry_at: new Date('2026-03-01T09:00:00.000Z') },
    ]);
    expect(await periods(h)).toEqual([]); // red and back at the same instant: never observable
    expect(await transactions(h)).toBe(1);
  });

  it('keeps the red periods right when an older entry arrives after a newer one, in the chunk or before it', async () => {
    h = await analyticsHarness();
    const [A, B, C] = [randomUUID(), randomUUID(), randomUUID()].sort();
    await h.feed([entry(B, 'completion_reward', 3_000, '2026-03-01T12:00:00.000Z')]);
    await h.feed([
      entry(A, 'assignment_fee', 1_000, '2026-03-01T10:00:00.000Z'), // red from 10:00
      entry(A, 'completion_reward', 3_000, '2026-03-01T12:00:00.000Z'),
      entry(A, 'assignment_fee', 2_500, '2026-03-01T11:00:00.000Z'), // older: A never left the red
      entry(B, 'assignment_fee', 2_000, '2026-03-01T09:00:00.000Z'), // older than B's entry held before
      entry(C, 'assignment_fee', 500, '2026-03-01T08:00:00.000Z'), // in order: red from 08:00,
      entry(C, 'completion_reward', 800, '2026-03-01T09:30:00.000Z'), // back at 09:30,
      entry(C, 'assignment_fee', 700, '2026-03-01T11:30:00.000Z'), // red again from 11:30
    ]);

    const at = (iso: string) => new Date(iso);
    expect(await periods(h)).toEqual([
      { account_id: A, since: at('2026-03-01T10:00:00.000Z'), until: null },
      { account_id: B, since: at('2026-03-01T09:00:00.000Z'), until: at('2026-03-01T12:00:00.000Z') },
      { account_id: C, since: at('2026-03-01T08:00:00.000Z'), until: at('2026-03-01T09:30:00.000Z') },
      { account_id: C, since: at('2026-03-01T11:30:00.000Z'), until: null },
    ]);
    expect((await accounts(h)).map((a) => a.balance)).toEqual([-500, 1_000, -400]);
    expect(await recomputed(h)).toEqual(await periods(h));
    expect(await transactions(h)).toBe(2);
  });

  it('closes the period open before the chunk, and drops one that closes where it opened', async () => {
    h = await analyticsHarness();
    const [A, B] = [randomUUID(), randomUUID()].sort();
    await h.feed([
      entry(A, 'assignment_fee', 1_000, '2026-03-01T08:00:00.000Z'),
      entry(B, 'assignment_fee', 1_000, '2026-03-01T08:00:00.000Z'),
    ]);
    await h.feed([
      entry(A, 'completion_reward', 1_000, '2026-03-01T09:00:00.000Z'), // back at 0: out of the red
      entry(B, 'completion_reward', 1_000, '2026-03-01T08:00:00.000Z'), // back at the same instant
      entry(A, 'assignment_fee', 1, '2026-03-01T10:00:00.000Z'),
    ]);
    expect(await periods(h)).toEqual([
      {
        account_id: A,
        since: new Date('2026-03-01T08:00:00.000Z'),
        until: new Date('2026-03-01T09:00:00.000Z'),
      },
      { account_id: A, since: new Date('2026-03-01T10:00:00.000Z'), until: null },
    ]);
  });

  it('dead-letters a poison entry in the middle of the chunk while its neighbours are applied', async () => {
    h = await analyticsHarness();
    const [A, B, C] = [randomUUID(), randomUUID(), randomUUID()].sort();
    const poison = entry(B, 'assignment_fee', 1e19, '2026-03-01T09:00:00.000Z'); // beyond bigint
    const { dead, commits } = await h.transport([
      entry(A, 'assignment_fee', 100, '2026-03-01T08:00:00.000Z'),
      poison,
      entry(C, 'completion_reward', 200, '2026-03-01T10:00:00.000Z'),
      entry(A, 'completion_reward', 300, '2026-03-01T11:00:00.000Z'),
    ]);

    expect(dead).toEqual([{ offset: '1', reason: expect.stringMatching(/out of range/) }]);
    expect(commits).toEqual(['3']);
    expect((await accounts(h)).map(({ public_id, balance }) => ({ public_id, balance }))).toEqual([
      { public_id: A, balance: 200 },
      { public_id: C, balance: 200 },
    ]);
    expect(await periods(h)).toEqual([
      {
        account_id: A,
        since: new Date('2026-03-01T08:00:00.000Z'),
        until: new Date('2026-03-01T11:00:00.000Z'),
      },
    ]);
    expect(await h.q(`SELECT count(*)::int AS n FROM analytics.processed_events`)).toEqual([{ n: 3 }]);
  });

  it('gives the same balances and red periods for a shuffled stream applied in chunks as one by one', async () => {
    const random = seededRandom(5);
    const ids = Array.from({ length: 6 }, () => randomUUID());
    const start = Date.parse('2026-03-01T00:00:00.000Z');
    const kinds = ['assignment_fee', 'completion_reward', 'payout'] as const;
    const stream = Array.from({ length: 150 }, (_, i) =>
      entry(
        ids[Math.floor(random() * ids.length)],
        kinds[Math.floor(random() * 2.2)],
        100 * (1 + Math.floor(random() * 30)),
        new Date(start + i * 60_000).toISOString(),
      ),
    );
    const delivered = shuffled([...stream, ...stream.slice(20, 50)], 9); // and some delivered twice
    const readModels = async (h: AnalyticsHarness) => ({
      accounts: await accounts(h),
      periods: await periods(h),
      recomputed: await recomputed(h),
    });

    const oneByOne = await readAfterFeeding(delivered, 1, readModels);
    const inChunks = await readAfterFeeding(delivered, 40, readModels);
    const inOrder = await readAfterFeeding(stream, 200, readModels);
    expect(inChunks).toEqual(oneByOne);
    expect(inChunks.periods).toEqual(inChunks.recomputed);
    expect(inChunks).toEqual(inOrder);
    expect(inChunks.periods.length).toBeGreaterThan(3);
  });
});
