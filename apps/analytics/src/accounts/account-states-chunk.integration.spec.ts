import type { AccountStateV1 } from '@ates/contracts';
import { envelope, seededRandom, shuffled } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { AnalyticsHarness, analyticsHarness, entry, readAfterFeeding } from '../testing/analytics-harness';

jest.setTimeout(60_000); // each case migrates a fresh database first: slow on a loaded machine

const state = (publicId: string, version: number, role: AccountStateV1['role'], active = true) =>
  envelope<AccountStateV1>(version === 1 ? 'AccountCreated' : 'AccountUpdated', 1, {
    public_id: publicId,
    username: `popug-${publicId.slice(0, 6)}`,
    email: `${publicId.slice(0, 6)}@popug.inc`,
    full_name: 'Popug',
    role,
    active,
    version,
    created_at: '2026-03-01T00:00:00.000Z',
  });

const copies = (h: AnalyticsHarness) =>
  h.q(`SELECT public_id, role, active, version, balance::int AS balance FROM analytics.accounts ORDER BY 1`);

/** Guarantees of a set-based chunk of account states in analytics' copy (issue 14): each case is ONE chunk. */
describe("a chunk of account states applied set-based to analytics' copy (integration, real PostgreSQL)", () => {
  let h: AnalyticsHarness | undefined;
  afterEach(async () => {
    await h?.database.close();
    h = undefined;
  });

  it('applies a duplicate inside the chunk once, keeps the newest version when an older one arrives after it', async () => {
    h = await analyticsHarness();
    const [A, B] = [randomUUID(), randomUUID()].sort();
    await h.feed([state(B, 5, 'manager')]);
    const created = state(A, 1, 'worker');
    await h.feed([
      created,
      state(A, 3, 'accountant', false),
      created,
      state(A, 2, 'manager'), // older, after a newer one
      state(A, 3, 'admin'), // same version: the first stays
      state(B, 4, 'worker'), // older than the one held before the chunk
      entry(B, 'assignment_fee', 700, '2026-03-01T09:00:00.000Z'), // the balance is not touched by states
    ]);

    expect(await copies(h)).toEqual([
      { public_id: A, role: 'accountant', active: false, version: 3, balance: 0 },
      { public_id: B, role: 'manager', active: true, version: 5, balance: -700 },
    ]);
  });

  it('dead-letters a poison state in the middle of the chunk while its neighbours are applied', async () => {
    h = await analyticsHarness();
    const [A, B, C] = [randomUUID(), randomUUID(), randomUUID()].sort();
    const { dead, commits } = await h.transport([
      state(A, 1, 'worker'),
      state(B, 2 ** 31, 'worker'), // beyond integer
      state(C, 1, 'manager'),
    ]);

    expect(dead).toEqual([{ offset: '1', reason: expect.stringMatching(/out of range/) }]);
    expect(commits).toEqual(['2']);
    expect((await copies(h)).map(({ public_id, role }) => ({ public_id, role }))).toEqual([
      { public_id: A, role: 'worker' },
      { public_id: C, role: 'manager' },
    ]);
  });

  it('gives the same copy for a shuffled stream applied in chunks as one by one', async () => {
    const random = seededRandom(8);
    const ids = Array.from({ length: 8 }, () => randomUUID());
    const roles = ['worker', 'accountant', 'manager', 'admin'] as const;
    const stream = Array.from({ length: 80 }, () =>
      state(
        ids[Math.floor(random() * ids.length)],
        1 + Math.floor(random() * 6), // equal versions happen: the first delivered wins
        roles[Math.floor(random() * roles.length)],
        random() < 0.8,
      ),
    );
    const delivered = shuffled([...stream, ...stream.slice(0, 20)], 2);
    const oneByOne = await readAfterFeeding(delivered, 1, copies);
    const inChunks = await readAfterFeeding(delivered, 25, copies);
    expect(inChunks).toEqual(oneByOne);
    expect(inChunks).toHaveLength(ids.length);
  });
});
