import { EventEnvelope, TaskAddedV1, TaskAssignedV1 } from '@ates/contracts';
import { envelope, shuffled } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { account, accountingHarness, MISMATCHED_BALANCES } from '../testing/accounting-harness';

const harness = (fail?: (e: EventEnvelope) => boolean) => accountingHarness(fail);

/** One task's life: added (v1, Jira id in the title), assigned to A, shuffled to B, completed by B. */
function story() {
  const a = account('alice');
  const b = account('bob');
  const taskId = randomUUID();
  const now = new Date().toISOString();
  const assigned = (who: string, reason: TaskAssignedV1['reason']) =>
    envelope<TaskAssignedV1>('TaskAssigned', 1, {
      task_id: taskId,
      assignee_id: who,
      reason,
      shuffle_id: reason === 'shuffle' ? randomUUID() : null,
      assigned_at: now,
    });
  const events = [
    envelope('AccountCreated', 1, a),
    envelope('AccountCreated', 1, b),
    envelope<TaskAddedV1>('TaskAdded', 1, {
      task_id: taskId,
      title: '[UBERPOP-42] Paint it green',
      description: '',
      assignee_id: a.public_id,
      created_at: now,
    }),
    assigned(a.public_id, 'created'),
    assigned(b.public_id, 'shuffle'),
    envelope('TaskCompleted', 1, { task_id: taskId, assignee_id: b.public_id, completed_at: now }),
  ];
  return { a, b, taskId, events };
}

async function ledgerState(q: (sql: string, p?: unknown[]) => Promise<Record<string, string>[]>) {
  const [task] = await q(
    'SELECT title, jira_id, assignment_fee::int AS fee, completion_reward::int AS reward FROM accounting.tasks',
  );
  const balances = await q(
    'SELECT username, balance::int AS balance FROM accounting.accounts ORDER BY username',
  );
  const entries = await q(
    'SELECT a.username, e.kind, e.debit::int AS debit, e.credit::int AS credit FROM accounting.entries e JOIN accounting.accounts a ON a.id = e.account_id ORDER BY a.username, e.kind',
  );
  const mismatched = await q(MISMATCHED_BALANCES);
  const outbox = await q(
    'SELECT event_name, count(*)::int AS n FROM accounting.outbox GROUP BY 1 ORDER BY 1',
  );
  return { task, balances, entries, mismatched, outbox };
}

describe('accounting ledger (integration, real PostgreSQL)', () => {
  let h: Awaited<ReturnType<typeof harness>> | undefined;
  afterEach(async () => {
    await h?.database.close();
    h = undefined;
  });

  it('charges each assignment, pays the completion, announces prices and entries, keeps balance = sum of entries', async () => {
    h = await harness();
    await h.feed(story().events);
    const s = await ledgerState(h.q);
    expect(s.task).toMatchObject({ title: 'Paint it green', jira_id: 'UBERPOP-42' });
    expect(s.task.fee).toBeGreaterThanOrEqual(1000);
    expect(s.task.fee).toBeLessThanOrEqual(2000);
    expect(s.task.reward).toBeGreaterThanOrEqual(2000);
    expect(s.task.reward).toBeLessThanOrEqual(4000);
    expect(s.balances).toEqual([
      { username: 'alice', balance: -s.task.fee },
      { username: 'bob', balance: Number(s.task.reward) - Number(s.task.fee) },
    ]);
    expect(s.mismatched).toEqual([]);
    expect(s.outbox).toEqual([
      { event_name: 'TaskPriced', n: 1 },
      { event_name: 'TransactionCreated', n: 3 },
    ]);
  });

  it('converges to the same ledger when every event arrives twice, in reverse and in shuffled orders', async () => {
    h = await harness();
    const { events } = story();
    await h.feed(events);
    const inOrder = await ledgerState(h.q);
    await h.database.close();
    const reversed = [...events].reverse();
    const orders: [string, typeof events][] = [
      ['reversed, each twice', reversed.flatMap((e) => [e, e])],
      ...[1, 3, 7, 42].map((seed): [string, typeof events] => [
        `seed ${seed}`,
        shuffled([...events, ...events], seed),
      ]),
    ];
    for (const [order, feed] of orders) {
      h = await harness();
      await h.feed(feed);
      await h.feed(reversed); // and redelivered once more later
      const s = await ledgerState(h.q);
      const relative = (state: typeof inOrder) =>
        state.balances.map((b) =>
          b.username === 'alice'
            ? Number(b.balance) === -Number(state.task.fee)
            : Number(b.balance) === Number(state.task.reward) - Number(state.task.fee),
        );
      expect({ order, balances: relative(s) }).toEqual({ order, balances: [true, true] });
      expect({ order, entries: s.entries.map(({ username, kind }) => ({ username, kind })) }).toEqual({
        order,
        entries: inOrder.entries.map(({ username, kind }) => ({ username, kind })),
      });
      expect(s.task).toMatchObject({ title: 'Paint it green', jira_id: 'UBERPOP-42' });
      expect({ order, outbox: s.outbox }).toEqual({ order, outbox: inOrder.outbox });
      expect(s.mismatched).toEqual([]);
      await h.database.close();
      h = undefined;
    }
  }, 60_000);

  it('never acknowledges a failing event: earlier events commit, the failing one applies once when retried', async () => {
    let failing = true;
    h = await harness((e) => failing && e.event_name === 'TaskCompleted');
    const { events } = story();
    await expect(h.feed(events)).rejects.toThrow('injected failure on TaskCompleted');
    let s = await ledgerState(h.q);
    expect(s.entries.map((e) => e.kind)).toEqual(['assignment_fee', 'assignment_fee']);
    failing = false;
    await h.feed(events); // redelivery from the last committed offset
    s = await ledgerState(h.q);
    expect(s.entries.map((e) => `${e.username}:${e.kind}`)).toEqual([
      'alice:assignment_fee',
      'bob:assignment_fee',
      'bob:completion_reward',
    ]);
    expect(s.mismatched).toEqual([]);
  });

  it('refuses a second reward for the same task even under a different event id', async () => {
    h = await harness();
    const { events, b, taskId } = story();
    await h.feed(events);
    const again = envelope('TaskCompleted', 1, {
      task_id: taskId,
      assignee_id: b.public_id,
      completed_at: new Date().toISOString(),
    });
    await expect(h.feed([again])).rejects.toThrow(/entries_one_reward_per_task/);
    expect((await ledgerState(h.q)).entries.filter((e) => e.kind === 'completion_reward')).toHaveLength(1);
  });
});
