import type { AccountRoleChangedV1, AccountStateV1, EventEnvelope } from '@ates/contracts';
import { eventFeed, feedAsTransport } from '@ates/messaging';
import {
  envelope,
  openServiceTestDatabase,
  seededRandom,
  shuffled,
  type ServiceTestDatabase,
} from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { CONSUMED_EVENTS } from '../consumed-events';
import { MIGRATIONS } from '../migrations';
import { AccountReplicaRepository } from './account-replica.repository';
import { AccountReplicaService } from './account-replica.service';
import { AccountsConsumer } from './accounts.consumer';

jest.setTimeout(60_000); // each case migrates a fresh database first: slow on a loaded machine

const state = (publicId: string, version: number, role: AccountStateV1['role'], active = true) =>
  envelope<AccountStateV1>(version === 1 ? 'AccountCreated' : 'AccountUpdated', 1, {
    public_id: publicId,
    username: `popug-${publicId.slice(0, 8)}-v${version}`,
    email: `${publicId.slice(0, 8)}@popug.inc`,
    full_name: 'Popug',
    role,
    active,
    version,
    created_at: '2026-03-01T00:00:00.000Z',
  });
const roleChanged = (publicId: string, version: number, role: AccountRoleChangedV1['new_role']) =>
  envelope<AccountRoleChangedV1>('AccountRoleChanged', 1, {
    public_id: publicId,
    old_role: 'worker',
    new_role: role,
    version,
    changed_at: '2026-03-01T00:00:00.000Z',
  });

/** Guarantees of a set-based chunk of account events in tasks' replica (issue 14): each case is ONE chunk. */
describe("a chunk of account events applied set-based to tasks' replica (integration, real PostgreSQL)", () => {
  let database: ServiceTestDatabase | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });
  const open = async () => {
    database = await openServiceTestDatabase('tasks', MIGRATIONS);
    const db = database.dataSource;
    const consumers = [new AccountsConsumer(new AccountReplicaService(new AccountReplicaRepository()))];
    return {
      feed: eventFeed(db, 'tasks', consumers),
      transport: (events: EventEnvelope<object>[]) =>
        feedAsTransport(db, 'tasks', consumers, CONSUMED_EVENTS, events),
      replica: () =>
        db.query(`SELECT public_id, username, role, active, version FROM tasks.accounts ORDER BY public_id`),
      processedIn: async () =>
        (await db.query(`SELECT count(DISTINCT processed_at)::int AS n FROM tasks.processed_events`))[0].n,
    };
  };

  it('applies a duplicate inside the chunk once, keeps the newest version when an older one arrives after it', async () => {
    const t = await open();
    const [A, B, C] = [randomUUID(), randomUUID(), randomUUID()].sort();
    await t.feed([state(B, 5, 'manager')]);
    const created = state(A, 1, 'worker');
    await t.feed([
      created,
      state(A, 3, 'accountant', false),
      created,
      state(A, 2, 'manager'), // older, after a newer one
      state(A, 3, 'admin'), // same version: the first stays
      state(B, 4, 'worker'), // older than the one held before the chunk
      roleChanged(C, 2, 'manager'), // not heard of yet: a placeholder…
      state(C, 2, 'accountant'), // …which its own state then fills in
      roleChanged(B, 6, 'accountant'), // newer than the state held
    ]);

    expect(await t.replica()).toEqual([
      { public_id: A, username: `popug-${A.slice(0, 8)}-v3`, role: 'accountant', active: false, version: 3 },
      { public_id: B, username: `popug-${B.slice(0, 8)}-v5`, role: 'accountant', active: true, version: 5 },
      { public_id: C, username: `popug-${C.slice(0, 8)}-v2`, role: 'accountant', active: true, version: 2 },
    ]);
    expect(await t.processedIn()).toBe(2);
  });

  it('dead-letters a poison state in the middle of the chunk while its neighbours are applied', async () => {
    const t = await open();
    const [A, B, C] = [randomUUID(), randomUUID(), randomUUID()].sort();
    const { dead, commits } = await t.transport([
      state(A, 1, 'worker'),
      state(B, 2 ** 31, 'worker'), // beyond integer
      state(C, 1, 'manager'),
    ]);

    expect(dead).toEqual([{ offset: '1', reason: expect.stringMatching(/out of range/) }]);
    expect(commits).toEqual(['2']);
    expect(
      (await t.replica()).map(({ public_id, role }: { public_id: string; role: string }) => ({
        public_id,
        role,
      })),
    ).toEqual([
      { public_id: A, role: 'worker' },
      { public_id: C, role: 'manager' },
    ]);
  });

  it('gives the same replica for a shuffled stream of states and role changes applied in chunks as one by one', async () => {
    const random = seededRandom(6);
    const ids = Array.from({ length: 8 }, () => randomUUID());
    const roles = ['worker', 'accountant', 'manager', 'admin'] as const;
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const stream = Array.from({ length: 90 }, () => {
      const version = 1 + Math.floor(random() * 6); // equal versions happen: the first delivered wins
      return random() < 0.25
        ? roleChanged(pick(ids), version, pick(roles))
        : state(pick(ids), version, pick(roles), random() < 0.8);
    });
    const delivered = shuffled([...stream, ...stream.slice(0, 20)], 3);
    const replica = async (feed: (t: Awaited<ReturnType<typeof open>>) => Promise<void>) => {
      const t = await open();
      await feed(t);
      const result = await t.replica();
      await database?.close();
      database = undefined;
      return result;
    };

    const oneByOne = await replica(async (t) => {
      for (const e of delivered) await t.feed([e]);
    });
    const inChunks = await replica(async (t) => {
      for (let i = 0; i < delivered.length; i += 25) await t.feed(delivered.slice(i, i + 25));
    });
    expect(inChunks).toEqual(oneByOne);
    expect(inChunks).toHaveLength(ids.length);
  });
});
