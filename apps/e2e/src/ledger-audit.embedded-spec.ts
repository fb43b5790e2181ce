import { createTestDatabase, eventually, TestDatabase } from '@ates/testing';
import { Client } from 'pg';
import { Api, signUp } from './client';
import { ADMIN_PASSWORD, Stack } from './stack';
import { Expected, ledgerCheck } from './tools';

/**
 * The audit of the audit (`npm run ledger:check`): a database left by a real run of the system (event log
 * transport) passes; copies of it, each with one problem applied by hand, fail with that problem named — the
 * reviewer's mutants among them (a second fee under another event id mirrored in analytics, an unsent outbox
 * row, a closed cycle whose total disagrees with its payouts).
 */
const stack = new Stack();
const anon = new Api(stack.gateway);
const expected: Required<Expected> = { assignments: 0, completions: 0, payouts: 0, cycles: 0 };
const copies: TestDatabase[] = [];

async function workload(): Promise<void> {
  const login = async (username: string, password: string) =>
    anon.as((await anon.post('/auth/login', { username, password })).body.accessToken);
  const admin = await login('admin', ADMIN_PASSWORD);
  const workers = new Map<string, Api>();
  for (const name of ['kesha', 'gosha', 'popka']) {
    const { id, api } = await signUp(anon, name);
    workers.set(id, api);
  }
  const boss = await signUp(anon, 'boss');
  expect((await admin.patch(`/auth/accounts/${boss.id}`, { role: 'manager' })).status).toBe(200);
  const manager = await login('boss', 'password-1');
  const create = async (title: string) => {
    let reply = await admin.post('/tasks', { title, jiraId: 'AUDIT-1' });
    await eventually(async () => {
      if (reply.status === 409) reply = await admin.post('/tasks', { title, jiraId: 'AUDIT-1' }); // nobody known yet
      expect(reply.status).toBe(201);
    });
    expected.assignments++;
    return reply.body as { id: string; assigneeId: string };
  };
  // Day 1: every task completed by its assignee, so each popug who got one ends the day in the black (reward ≥ fee).
  for (let i = 0; i < 9; i++) {
    const task = await create(`Day one ${i}`);
    expect((await workers.get(task.assigneeId)!.post(`/tasks/${task.id}/complete`)).status).toBe(200);
    expected.completions++;
  }
  await eventually(async () => {
    const balances = (await admin.get('/accounting/accounts')).body as { balance: number }[];
    expect(balances.filter((b) => b.balance !== 0).length).toBeGreaterThan(0);
    const stats = (await admin.get('/accounting/stats/today')).body;
    expect(stats.completionRewards).toBeGreaterThan(0);
    const entries = await stack.query(`SELECT count(*)::int AS n FROM accounting.entries`);
    expect(entries.rows[0].n).toBe(expected.assignments + expected.completions);
  });
  const close = await admin.post('/accounting/billing-cycles/close');
  expect(close.status).toBe(200);
  expect(close.body.payouts).toBeGreaterThan(0);
  expected.payouts += close.body.payouts;
  expected.cycles++;
  // Day 2: open tasks, a shuffle, one completion.
  for (let i = 0; i < 6; i++) await create(`Day two ${i}`);
  const shuffle = await manager.post('/tasks/shuffle');
  expect(shuffle.status).toBe(200);
  expected.assignments += shuffle.body.reassigned;
  const [open] = (await admin.get('/tasks?status=open')).body as { id: string; assigneeId: string }[];
  expect((await workers.get(open.assigneeId)!.post(`/tasks/${open.id}/complete`)).status).toBe(200);
  expected.completions++;
}

beforeAll(async () => {
  await stack.start();
  await workload();
  // Quiet: everything applied and audited clean, then the services stop and the database is left as they left it.
  await eventually(async () => expect((await ledgerCheck(stack.databaseUrl, expected)).code).toBe(0), {
    timeoutMs: 60_000,
    intervalMs: 1_000,
  });
  await stack.stopServices();
}, 240_000);
afterAll(async () => {
  for (const copy of copies) await copy.drop();
  await stack.stop();
}, 60_000);

/** A copy of the run's database with `mutation` applied: the audit's exit code and output on it. */
async function auditWith(mutation: string, args: Expected = expected) {
  const copy = await createTestDatabase('ates_audit', new URL(stack.databaseUrl).pathname.slice(1));
  copies.push(copy);
  const mutated = new Client({ connectionString: copy.url });
  await mutated.connect();
  try {
    if (mutation) await mutated.query(mutation);
  } finally {
    await mutated.end();
  }
  return ledgerCheck(copy.url, args, { EVENT_TRANSPORT: 'postgres', KAFKA_BROKERS: '' });
}

// An entry of each kind, to mutate: the first fee, the first reward, the first payout, the closed cycle.
const FEE = `(SELECT id FROM accounting.entries WHERE kind = 'assignment_fee' ORDER BY id LIMIT 1)`;
const REWARD = `(SELECT id FROM accounting.entries WHERE kind = 'completion_reward' ORDER BY id LIMIT 1)`;
const PAYOUT = `(SELECT id FROM accounting.payouts ORDER BY id LIMIT 1)`;
const OPEN_CYCLE = `(SELECT id FROM accounting.billing_cycles WHERE status = 'open')`;
/** A second fee for the first fee's task, on the same account, with its balance and analytics' copy to match. */
const secondFee = (source: string) => `
  WITH fee AS (SELECT * FROM accounting.entries WHERE id = ${FEE}),
  doubled AS (
    INSERT INTO accounting.entries (account_id, cycle_id, kind, debit, task_id, description, source_event_id)
    SELECT account_id, ${OPEN_CYCLE}, 'assignment_fee', debit, task_id, description, ${source} FROM fee
    RETURNING public_id, account_id, debit, task_id, created_at
  ), balance AS (
    UPDATE accounting.accounts a SET balance = a.balance - d.debit FROM doubled d WHERE a.id = d.account_id
  )
  INSERT INTO analytics.transactions (public_id, account_id, kind, debit, credit, task_id, created_at)
  SELECT d.public_id, a.public_id, 'assignment_fee', d.debit, 0, t.public_id, d.created_at
    FROM doubled d JOIN accounting.accounts a ON a.id = d.account_id JOIN accounting.tasks t ON t.id = d.task_id`;

describe('npm run ledger:check', () => {
  it('passes on the database a real run left, and says what it audited', async () => {
    const { code, output } = await auditWith('');
    expect(output).toContain(
      `audited ${expected.assignments} assignments, ${expected.completions} completions, ${expected.payouts} payouts over 1 closed cycle(s)`,
    );
    expect(output).toContain('ledger: ok');
    expect(code).toBe(0);
  });

  it.each([
    [
      'a second fee under another event id, mirrored in analytics',
      secondFee('gen_random_uuid()'),
      /task [0-9a-f-]{36}: 2 assignment_fee entries for 1 TaskAssigned event\(s\)/,
      /from event [0-9a-f-]{36}, which no producer published/,
    ],
    [
      'a fee charged for a TaskAdded (learnTask charging)',
      secondFee(
        `(SELECT event_id FROM tasks.outbox o, fee WHERE o.event_name = 'TaskAdded'
          AND o.message_key = (SELECT public_id::text FROM accounting.tasks WHERE id = fee.task_id))`,
      ),
      /assignment_fee of task [0-9a-f-]{36} from a TaskAdded event/,
    ],
    [
      'a missing reward',
      `
      UPDATE accounting.accounts a SET balance = a.balance - e.credit FROM accounting.entries e
       WHERE e.id = ${REWARD} AND a.id = e.account_id;
      DELETE FROM analytics.transactions WHERE public_id = (SELECT public_id FROM accounting.entries WHERE id = ${REWARD});
      DELETE FROM accounting.entries WHERE id = ${REWARD};`,
      /TaskCompleted [0-9a-f-]{36}: no completion_reward entry/,
    ],
    [
      'a balance that is not the sum of its entries',
      `UPDATE accounting.accounts SET balance = balance + 100
       WHERE id = (SELECT account_id FROM accounting.entries WHERE id = ${FEE})`,
      /balance -?\d+ ≠ sum of entries/,
    ],
    [
      'a payout not in total_paid',
      `UPDATE accounting.billing_cycles SET total_paid = total_paid - 1 WHERE status = 'closed'`,
      /payout\(s\) of \d+ in all, but the cycle says \d+ of \d+/,
    ],
    [
      'a payout that was not debited',
      `
      UPDATE accounting.accounts a SET balance = a.balance + p.amount FROM accounting.payouts p
       WHERE p.id = ${PAYOUT} AND a.id = p.account_id;
      DELETE FROM analytics.transactions WHERE public_id = (SELECT public_id FROM accounting.entries WHERE payout_id = ${PAYOUT});
      DELETE FROM accounting.entries WHERE payout_id = ${PAYOUT};`,
      /left unpaid at the cut of cycle/,
      /0 payout entries debiting 0/,
    ],
    [
      'a payout whose PaymentMade is missing',
      `DELETE FROM accounting.outbox WHERE event_name = 'PaymentMade'
       AND payload::jsonb #>> '{data,payment_id}' = (SELECT public_id::text FROM accounting.payouts WHERE id = ${PAYOUT})`,
      /payout [0-9a-f-]{36} of \d+ to [0-9a-f-]{36}: 0 PaymentMade event\(s\)/,
    ],
    [
      'an entry in a closed cycle after its cut',
      `UPDATE accounting.entries e SET created_at = c.closed_at + interval '1 second'
       FROM accounting.billing_cycles c WHERE c.id = e.cycle_id AND e.id = ${FEE}`,
      /is in closed cycle [0-9a-f-]{36} but after its cut/,
    ],
    [
      'an unsent outbox row',
      `UPDATE tasks.outbox SET sent_at = NULL WHERE id = (SELECT max(id) FROM tasks.outbox)`,
      /tasks: 1 outbox row\(s\) never sent/,
    ],
    [
      'analytics disagreeing',
      `UPDATE analytics.transactions SET debit = debit + 1
       WHERE public_id = (SELECT public_id FROM accounting.entries WHERE id = ${FEE})`,
      /accounting has fees \d+.*; analytics has fees \d+/,
    ],
    [
      'a pending dead letter',
      `
      INSERT INTO eventlog.topics (name) VALUES ('tasks-lifecycle.dlq') ON CONFLICT DO NOTHING;
      WITH t AS (UPDATE eventlog.topics SET next_offset = next_offset + 1 WHERE name = 'tasks-lifecycle.dlq' RETURNING next_offset - 1 AS o)
      INSERT INTO eventlog.messages (topic, "offset", message_key, payload, headers)
      SELECT 'tasks-lifecycle.dlq', o, 'k', '{}', '{"dlq_consumer":"accounting","dlq_reason":"injected"}' FROM t`,
      /dead letter pending on tasks-lifecycle\.dlq\/0@\d+ for accounting: injected/,
    ],
  ])('fails on %s, naming it', async (_name, mutation, ...named) => {
    const { code, output } = await auditWith(mutation);
    for (const problem of named) expect(output).toMatch(problem);
    expect(output).toMatch(/ledger: \d+ problem\(s\)/);
    expect(code).toBe(1);
  });

  it('fails an audit that saw less than the caller expects', async () => {
    const { code, output } = await auditWith('', { ...expected, payouts: expected.payouts + 1 });
    expect(output).toContain(
      `expected at least ${expected.payouts + 1} payouts, audited ${expected.payouts}`,
    );
    expect(code).toBe(1);
  });
});
