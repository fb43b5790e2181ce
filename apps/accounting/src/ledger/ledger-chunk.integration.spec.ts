import { EventEnvelope, SchemaRegistry, TaskStateV2 } from '@ates/contracts';
import { EventBatchProcessor, Inbox, InboxContext, LogMessage, RetryingApplier } from '@ates/messaging';
import { envelope, eventually } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { PostingGate } from './posting-gate.repository';
import { CONSUMED_EVENTS } from '../consumed-events';
import {
  account,
  accountingHarness,
  AccountingHarness,
  MISMATCHED_BALANCES,
  taskAssigned,
  taskCompleted,
} from '../testing/accounting-harness';
import { TaskEventsConsumer } from './task-events.consumer';

jest.setTimeout(30_000); // a harness migrates a fresh database first: slow on a loaded machine

/** Guarantees of a set-based chunk (issue 14): each case is fed as ONE chunk, i.e. one inbox transaction. */
describe('a chunk of task events applied set-based (integration, real PostgreSQL)', () => {
  let h: AccountingHarness | undefined;
  afterEach(async () => {
    await h?.database.close();
    h = undefined;
  });

  const entries = (q: AccountingHarness['q']) =>
    q<{ task: string; kind: string; amount: number; source: string }>(
      `SELECT t.public_id AS task, e.kind, (e.credit - e.debit)::int AS amount, e.source_event_id AS source
         FROM accounting.entries e JOIN accounting.tasks t ON t.id = e.task_id ORDER BY e.id`,
    );
  /** How many transactions applied the events: the inbox rows of one transaction share its start time. */
  const transactions = async (q: AccountingHarness['q']) =>
    Number((await q(`SELECT count(DISTINCT processed_at)::int AS n FROM accounting.processed_events`))[0].n);
  const price = async (q: AccountingHarness['q'], taskId: string) =>
    (
      await q<{ fee: number; reward: number }>(
        `SELECT assignment_fee::int AS fee, completion_reward::int AS reward FROM accounting.tasks WHERE public_id = $1`,
        [taskId],
      )
    )[0];

  /** The chunk as one partition's messages through the transports' batch processor (decoding, inbox, dead letters). */
  async function asTransport(h: AccountingHarness, topic: string, chunk: EventEnvelope<object>[]) {
    const consumer = new TaskEventsConsumer(h.ledger);
    const handlers: Record<string, (e: EventEnvelope<object>, ctx: InboxContext) => void> = {
      TaskAssigned: (e, ctx) => consumer.assigned(e as never, ctx),
      TaskCompleted: (e, ctx) => consumer.completed(e as never, ctx),
    };
    const inbox = new Inbox(h.db, 'accounting', 'accounting', async (e, ctx) =>
      handlers[e.event_name](e, ctx),
    );
    const processor = new EventBatchProcessor({
      service: 'accounting',
      accepts: CONSUMED_EVENTS,
      registry: new SchemaRegistry(),
      applier: new RetryingApplier(inbox, 'accounting', { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 }),
      chunkSize: 200,
    });
    const dead: { offset: string; reason: string }[] = [];
    const commits: string[] = [];
    const messages: LogMessage[] = chunk.map((e, i) => ({
      offset: String(i),
      key: (e.data as { task_id: string }).task_id,
      value: JSON.stringify(e),
    }));
    await processor.process(
      topic,
      0,
      messages,
      { heartbeat: async () => undefined, sleep: async () => undefined, isRunning: () => true },
      {
        deadLetter: async (_t, _p, letters) =>
          dead.push(...letters.map((l) => ({ offset: l.message.offset, reason: l.reason }))),
        commit: async (_t, _p, last) => void commits.push(last),
      },
    );
    return { dead, commits };
  }

  it('applies a duplicate of an event inside the chunk once', async () => {
    h = await accountingHarness();
    const alice = account('alice');
    const taskId = randomUUID();
    await h.feed([envelope('AccountCreated', 1, alice)]);
    const assigned = taskAssigned(taskId, alice.public_id, 'created');
    const completed = taskCompleted(taskId, alice.public_id);
    await h.feed([assigned, assigned, completed, assigned, completed]);

    const { fee, reward } = await price(h.q, taskId);
    expect(await entries(h.q)).toEqual([
      { task: taskId, kind: 'assignment_fee', amount: -fee, source: assigned.event_id },
      { task: taskId, kind: 'completion_reward', amount: reward, source: completed.event_id },
    ]);
    expect(await h.q(`SELECT balance::int AS b FROM accounting.accounts`)).toEqual([{ b: reward - fee }]);
    expect(await h.published('TransactionCreated')).toHaveLength(2);
    expect(await h.published('TaskPriced')).toHaveLength(1);
    expect(await h.q(MISMATCHED_BALANCES)).toEqual([]);
    expect(await transactions(h.q)).toBe(2); // the account's chunk, then the task chunk in one go
  });

  it('prices a task it has not heard of on its first event of the chunk, once, and learns its details later in the chunk', async () => {
    h = await accountingHarness();
    const [alice, bob] = [account('alice'), account('bob')];
    await h.feed([envelope('AccountCreated', 1, alice), envelope('AccountCreated', 1, bob)]);
    const [t1, t2] = [randomUUID(), randomUUID()];
    const created = envelope<TaskStateV2>('TaskCreated', 2, {
      public_id: t1,
      title: 'Paint it green',
      jira_id: 'UBERPOP-7',
      description: '',
      status: 'open',
      assignee_id: alice.public_id,
      version: 1,
      created_at: new Date().toISOString(),
      completed_at: null,
    });
    await h.feed([
      taskAssigned(t1, alice.public_id, 'created'),
      taskAssigned(t2, bob.public_id, 'created'),
      taskAssigned(t1, bob.public_id, 'shuffle'),
      created,
      taskCompleted(t2, bob.public_id),
    ]);

    const [p1, p2] = [await price(h.q, t1), await price(h.q, t2)];
    expect((await entries(h.q)).map(({ task, kind, amount }) => ({ task, kind, amount }))).toEqual([
      { task: t1, kind: 'assignment_fee', amount: -p1.fee },
      { task: t2, kind: 'assignment_fee', amount: -p2.fee },
      { task: t1, kind: 'assignment_fee', amount: -p1.fee },
      { task: t2, kind: 'completion_reward', amount: p2.reward },
    ]);
    expect(
      await h.q(`SELECT username, balance::int AS b FROM accounting.accounts ORDER BY username`),
    ).toEqual([
      { username: 'alice', b: -p1.fee },
      { username: 'bob', b: p2.reward - p2.fee - p1.fee },
    ]);
    const priced = await h.published<{ task_id: string; assignment_fee: number }>('TaskPriced');
    expect(priced.map((e) => e.data.task_id).sort()).toEqual([t1, t2].sort());
    expect(priced.find((e) => e.data.task_id === t1)?.data.assignment_fee).toBe(p1.fee);
    expect(await h.q(`SELECT title, jira_id FROM accounting.tasks WHERE public_id = $1`, [t1])).toEqual([
      { title: 'Paint it green', jira_id: 'UBERPOP-7' },
    ]);
    // Every entry of the chunk names the task with the details the chunk ends with.
    const transactionsOut = await h.published<{ task_id: string; description: string }>('TransactionCreated');
    expect(transactionsOut.map((e) => e.data.task_id)).toEqual([t1, t2, t1, t2]);
    expect(transactionsOut[0].data.description).toBe('Assignment fee: [UBERPOP-7] Paint it green');
    expect(await h.q(MISMATCHED_BALANCES)).toEqual([]);
    expect(await transactions(h.q)).toBe(2);
  });

  it('dead-letters a poison event in the middle of the chunk while its neighbours are applied', async () => {
    h = await accountingHarness();
    const alice = account('alice');
    await h.feed([envelope('AccountCreated', 1, alice)]);
    const [t1, t2] = [randomUUID(), randomUUID()];
    // The second reward for t1 (another event id) breaks the ledger's one-reward-per-task rule in the chunk's
    // set-based insert: the chunk falls back to one event per transaction, and only that one fails.
    const chunk: EventEnvelope<object>[] = [
      taskAssigned(t1, alice.public_id, 'created'),
      taskCompleted(t1, alice.public_id),
      taskCompleted(t1, alice.public_id),
      taskAssigned(t2, alice.public_id, 'created'),
    ];
    const { dead, commits } = await asTransport(h, 'tasks-lifecycle', chunk);

    expect(dead).toEqual([{ offset: '2', reason: expect.stringMatching(/entries_one_reward_per_task/) }]);
    expect(commits).toEqual(['3']);
    const p1 = await price(h.q, t1);
    const p2 = await price(h.q, t2);
    expect((await entries(h.q)).map(({ task, kind, source }) => ({ task, kind, source }))).toEqual([
      { task: t1, kind: 'assignment_fee', source: chunk[0].event_id },
      { task: t1, kind: 'completion_reward', source: chunk[1].event_id },
      { task: t2, kind: 'assignment_fee', source: chunk[3].event_id },
    ]);
    expect(await h.q(`SELECT balance::int AS b FROM accounting.accounts`)).toEqual([
      { b: p1.reward - p1.fee - p2.fee },
    ]);
    expect(await h.published('TransactionCreated')).toHaveLength(3);
    expect(await h.q(MISMATCHED_BALANCES)).toEqual([]);
  });

  it('acknowledges an event it does not read (its own TaskPriced) without an inbox claim, between applied neighbours', async () => {
    h = await accountingHarness();
    const alice = account('alice');
    await h.feed([envelope('AccountCreated', 1, alice)]);
    const taskId = randomUUID();
    const priced = envelope('TaskPriced', 1, {
      task_id: taskId,
      assignment_fee: 1500,
      completion_reward: 3000,
      currency: 'USD',
      priced_at: new Date().toISOString(),
    });
    const chunk = [
      taskAssigned(taskId, alice.public_id, 'created'),
      priced,
      taskCompleted(taskId, alice.public_id),
    ];
    const { dead, commits } = await asTransport(h, 'billing-lifecycle', chunk);
    expect(dead).toEqual([]);
    expect(commits).toEqual(['2']);
    const claimed = await h.q<{ event_id: string }>(`SELECT event_id FROM accounting.processed_events`);
    expect(claimed.map((r) => r.event_id)).not.toContain(priced.event_id);
    expect(claimed.map((r) => r.event_id)).toEqual(
      expect.arrayContaining([chunk[0].event_id, chunk[2].event_id]),
    );
    expect((await entries(h.q)).map(({ kind, source }) => ({ kind, source }))).toEqual([
      { kind: 'assignment_fee', source: chunk[0].event_id },
      { kind: 'completion_reward', source: chunk[2].event_id },
    ]);
  });

  it('puts a whole chunk that races a close behind the posting gate after the cut, in the next cycle', async () => {
    const harness = (h = await accountingHarness());
    const alice = account('alice');
    const [before, after] = [randomUUID(), randomUUID()];
    await h.feed([envelope('AccountCreated', 1, alice)]);
    await h.feed([taskAssigned(before, alice.public_id, 'created'), taskCompleted(before, alice.public_id)]);
    const paid = (await price(h.q, before)).reward - (await price(h.q, before)).fee;

    const waiting = async () =>
      Number(
        (
          await harness.q(
            `SELECT count(*)::int AS n FROM pg_locks
              WHERE locktype = 'advisory' AND NOT granted
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          )
        )[0].n,
      );
    // A posting in flight holds the gate (shared), so the close queues behind it (exclusive)…
    let release!: () => void;
    const inFlight = h.db.transaction(async (tx) => {
      await new PostingGate().enterToPost(tx);
      await new Promise<void>((resolve) => (release = resolve));
    });
    await eventually(() => expect(release).toBeDefined());
    const close = h.billing.closeNow();
    await eventually(async () => expect(await waiting()).toBe(1));
    // …and the next chunk queues behind the close (PostgreSQL's lock queue is fair).
    const chunk = h.feed([
      taskAssigned(after, alice.public_id, 'created'),
      taskCompleted(after, alice.public_id),
      taskAssigned(before, alice.public_id, 'shuffle'),
    ]);
    await eventually(async () => expect(await waiting()).toBe(2));
    release();
    await inFlight;
    const result = await close;
    await chunk;

    expect(result).toMatchObject({ payouts: 1, totalPaid: paid });
    const cycles = await h.q<{ kind: string; n: number }>(
      `SELECT c.status || ':' || e.kind AS kind, count(*)::int AS n FROM accounting.entries e
         JOIN accounting.billing_cycles c ON c.id = e.cycle_id GROUP BY 1 ORDER BY 1`,
    );
    expect(cycles).toEqual([
      { kind: 'closed:assignment_fee', n: 1 },
      { kind: 'closed:completion_reward', n: 1 },
      { kind: 'closed:payout', n: 1 },
      { kind: 'open:assignment_fee', n: 2 },
      { kind: 'open:completion_reward', n: 1 },
    ]);
    const [pa, pb] = [await price(h.q, after), await price(h.q, before)];
    expect(await h.q(`SELECT balance::int AS b FROM accounting.accounts`)).toEqual([
      { b: pa.reward - pa.fee - pb.fee },
    ]);
    expect(await h.q(MISMATCHED_BALANCES)).toEqual([]);
  });
});
