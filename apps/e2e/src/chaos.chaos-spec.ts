import { envelope, eventually } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Api, signUp } from './client';
import { accountingSessions, freezeBroker, holdPostingGate, infra } from './chaos/faults';
import { closeCycle, Crew, interrupted, payee, pool, totals, workload } from './chaos/workload';
import { KafkaTools } from './kafka-tools';
import { ADMIN_PASSWORD, Stack } from './stack';
import { ledgerCheck, runTool } from './tools';

/**
 * Fault injection on real Kafka and PostgreSQL (issue 6): each scenario runs a workload of more than 2,000
 * task events through the gateway and closes a billing cycle while a fault is injected, shows that the fault
 * happened, then `npm run ledger:check` must pass with everything the workloads did as its minimums — nothing
 * lost, nothing doubled, payouts matching their cycles, accounting and analytics agreeing.
 */
const stack = new Stack();
const anon = new Api(stack.gateway);
let kafka: KafkaTools;
/** Where each partition ended before this suite: earlier runs' messages on a shared broker stay out of it. */
let marks: Map<string, bigint>;
const crew = { stack, workers: new Map<string, Api>() } as Crew;
const TOPICS = [
  'tasks-stream',
  'tasks-lifecycle',
  'transactions-stream',
  'billing-lifecycle',
  'accounts-stream',
];
/** Each consumer group and the topics it reads (see docs/events.md). */
const CONSUMERS: Record<string, string[]> = {
  tasks: ['accounts-stream', 'accounts-lifecycle'],
  accounting: ['accounts-stream', 'tasks-stream', 'tasks-lifecycle', 'billing-lifecycle'],
  analytics: [
    'accounts-stream',
    'tasks-stream',
    'tasks-lifecycle',
    'transactions-stream',
    'billing-lifecycle',
  ],
};
type Consumer = 'tasks' | 'accounting' | 'analytics';

const dlq = (...args: string[]) =>
  runTool(['tools/dlq/dlq.ts', ...args], { KAFKA_BROKERS: stack.brokers.join(',') });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A service's inbox counters (this process's, since its start). */
const counters = async (service: Consumer) => ({
  applied: await stack.metric(service, 'ates_consumer_events_applied_total'),
  duplicates: await stack.metric(service, 'ates_consumer_events_duplicate_total'),
  unlisted: await stack.metric(service, 'ates_consumer_events_unlisted_total'),
  deadLetters: await stack.metric(service, 'ates_consumer_dead_letters_total'),
});

/** Waits until every consumer has caught up, then requires a clean audit of at least what the workloads did. */
async function audited(): Promise<string> {
  await eventually(async () => expect(await kafka.lag(CONSUMERS)).toBe(0), {
    timeoutMs: 120_000,
    intervalMs: 1_000,
  });
  let last = '';
  await eventually(
    async () => {
      const { code, output } = await ledgerCheck(stack.databaseUrl, totals);
      last = output;
      expect(output).toContain('ledger: ok');
      expect(code).toBe(0);
    },
    { timeoutMs: 60_000, intervalMs: 2_000 },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${last}`);
  });
  return last;
}

/** Each scenario pays someone under its fault (see `payee`): the audit then has payouts to match to cycles. */
let paidBefore = 0;
beforeEach(() => {
  paidBefore = totals.payouts;
});
afterEach(() => {
  expect(totals.payouts).toBeGreaterThan(paidBefore);
});

beforeAll(async () => {
  kafka = new KafkaTools((process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','));
  await kafka.connect();
  marks = await kafka.marks(TOPICS);
  // Five workers, a manager and a payee per scenario sign up from one address: above auth's default limit.
  await stack.start({
    CONSUMER_RETRY_ATTEMPTS: '3',
    CONSUMER_RETRY_BASE_MS: '100',
    LOG_LEVEL: 'warn',
    SIGNUPS_PER_HOUR: '100',
  });
  const admin = anon.as(
    (await anon.post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).body.accessToken,
  );
  const workers = crew.workers;
  crew.admin = admin;
  for (let i = 1; i <= 5; i++) {
    const { id, api } = await signUp(anon, `worker${i}`);
    workers.set(id, api);
  }
  const boss = await signUp(anon, 'boss');
  expect((await admin.patch(`/auth/accounts/${boss.id}`, { role: 'manager' })).status).toBe(200);
  crew.manager = anon.as(
    (await anon.post('/auth/login', { username: 'boss', password: 'password-1' })).body.accessToken,
  ); // a fresh token: the role is in it
  await eventually(async () => {
    const reply = await admin.post('/tasks', { title: 'Warm-up' });
    expect(reply.status).toBe(201);
    expect(workers.has(reply.body.assigneeId)).toBe(true);
  });
  // All five workers are known to tasks before the workloads start (the warm-up may have found only one).
  await eventually(async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++)
      seen.add((await admin.post('/tasks', { title: `Probe ${i}` })).body.assigneeId);
    expect(seen.size).toBe(5);
  });
}, 240_000);
afterAll(async () => {
  await kafka?.disconnect();
  await stack.stop();
}, 60_000);

describe('not a single dollar lost (fault injection on real Kafka and PostgreSQL)', () => {
  it('survives accounting being SIGKILLed mid-batch three times, and the batch it was applying comes again', async () => {
    await payee(crew, 'payee-killed');
    const work = workload(crew, 'killed');
    // Kill 1, mid-batch for sure: a chunk waits at the posting gate (its transaction open, the batch in flight;
    // partitions are consumed concurrently, so there may be several), the broker freezes, the chunks commit,
    // accounting dies with its offset commits unanswered, and the broker crashes before reading them (thawed, it
    // could still read a commit from its socket and apply it).
    await pause(1_500);
    const gate = await holdPostingGate(stack.databaseUrl);
    await eventually(async () =>
      expect((await accountingSessions(stack.query.bind(stack))).waiting).toBeGreaterThanOrEqual(1),
    ).catch(async (error) => {
      await gate.release(); // or every later scenario finds accounting stuck at the gate
      throw error;
    });
    const broker = freezeBroker();
    let crashed = false;
    try {
      await gate.release();
      await eventually(async () =>
        expect(await accountingSessions(stack.query.bind(stack))).toEqual({ waiting: 0, inTransaction: 0 }),
      );
      await stack.kill('accounting');
      broker.crash();
      crashed = true;
    } finally {
      if (!crashed) broker.thaw();
    }
    expect(await infra('down')).toBe(0); // clears what the crashed broker left
    expect(await infra('up')).toBe(0);
    await stack.restart('accounting');
    // The chunk committed before the kill comes again to the new process, and its inbox skips it.
    await eventually(async () => expect((await counters('accounting')).duplicates).toBeGreaterThan(0), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    // Kills 2 and 3 wherever they land, one with a close under way.
    await pause(1_500);
    await stack.kill('accounting');
    await stack.restart('accounting');
    const closing = closeCycle(crew);
    await pause(300);
    await stack.kill('accounting');
    await stack.restart('accounting');
    await closing;
    await work;
    await audited();
  });

  it('stops gracefully on SIGTERM: in-flight requests, batches and outbox sends finish, nothing is redone', async () => {
    const taskTopics = ['tasks-stream', 'tasks-lifecycle'];
    const start = await kafka.marks(taskTopics);
    // Two workloads back to back (> 4,000 events): the three stops and restarts all fall inside them.
    await payee(crew, 'payee-terminated');
    const work = workload(crew, 'terminated-a', { restarts: true }).then(() =>
      workload(crew, 'terminated-b', { restarts: true }),
    );
    const stops: { service: string; code: number | null; signal: string | null; ms: number }[] = [];
    // What each accounting process started after a graceful stop applied, and found already applied.
    const afterStops: number[][] = [];
    const inbox = async () => {
      const { applied, duplicates } = await counters('accounting');
      return [applied, duplicates];
    };
    for (const service of ['tasks', 'accounting', 'accounting'] as const) {
      await pause(1_000);
      if (service === 'accounting' && stops.some((s) => s.service === 'accounting'))
        afterStops.push(await inbox());
      stops.push({ service, ...(await stack.terminate(service)) });
      await stack.restart(service);
    }
    await work;
    // 20 more tasks (60 events) that only the last accounting process, started after a graceful stop, can apply.
    await pool([...Array(20).keys()], 4, async (i) => {
      expect((await crew.admin.post('/tasks', { title: `After the stops ${i}` })).status).toBe(201);
      totals.assignments++;
    });
    expect(interrupted[503]).toBeGreaterThan(0); // tasks was stopped while requests were coming in
    // Each stop finished its work and exited 0 (not by the signal, not by the 25 s watchdog).
    for (const stop of stops) expect(stop).toEqual({ ...stop, code: 0, signal: null });
    for (const stop of stops) expect(stop.ms).toBeLessThan(20_000);
    await audited();
    afterStops.push(await inbox());
    // accounting committed every offset it had applied before stopping: after a restart, nothing came twice.
    expect(afterStops.map(([, duplicates]) => duplicates)).toEqual([0, 0]);
    expect(afterStops.reduce((sum, [applied]) => sum + applied, 0)).toBeGreaterThanOrEqual(60);
    // tasks' relay published every row once, in-flight requests included; each of the 900 creations (through
    // 503s and 502s while tasks restarted) made exactly one task.
    const ids: string[] = [];
    for (const topic of taskTopics)
      for (const message of await kafka.read(topic, start))
        ids.push(JSON.parse(message.value!.toString()).event_id);
    expect(ids.length).toBeGreaterThan(2_000);
    expect(new Set(ids).size).toBe(ids.length);
    const { rows } = await stack.query(
      `SELECT count(*)::int AS n, count(DISTINCT title)::int AS titles FROM tasks.tasks WHERE title LIKE 'terminated-%'`,
    );
    expect(rows).toEqual([{ n: 900, titles: 900 }]);
  });

  it('applies every event once when every event is delivered twice', async () => {
    await workload(crew, 'twice');
    await audited();
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const count = async () =>
      (
        await db.query(
          `SELECT (SELECT count(*) FROM accounting.entries)::int AS a, (SELECT count(*) FROM analytics.transactions)::int AS b`,
        )
      ).rows[0];
    await payee(crew, 'payee-twice');
    const before = await count();
    const consumers = ['tasks', 'accounting', 'analytics'] as const;
    const start = await Promise.all(consumers.map(counters));
    const copies: Record<string, number> = {};
    for (const topic of TOPICS) copies[topic] = await kafka.republish(topic, marks);
    expect(Object.values(copies).reduce((a, b) => a + b, 0)).toBeGreaterThan(2_000);
    const paid = await closeCycle(crew); // while the copies are coming in
    await audited();
    // Nothing was applied twice: the only new entries (and their copies in analytics) are the close's payouts.
    expect(await count()).toEqual({ a: before.a + paid, b: before.b + paid });
    const end = await Promise.all(consumers.map(counters));
    for (const [i, consumer] of consumers.entries()) {
      // Each copy is skipped: by the inbox as a duplicate when the group reads its event, before the inbox when
      // it does not (TaskPriced for accounting, TaskAssigned for analytics). Beside the copies, the only events
      // skipped are the close's that the group does not read: BillingCycleClosed, and analytics' PaymentMades.
      const reads = CONSUMERS[consumer].filter((t) => t in copies);
      const all = reads.reduce((n, t) => n + copies[t], 0);
      const skipped = end[i].duplicates - start[i].duplicates + (end[i].unlisted - start[i].unlisted);
      const fresh = consumer === 'tasks' ? 0 : consumer === 'accounting' ? 1 : paid + 1;
      expect({ consumer, skipped, all, about: skipped >= all && skipped <= all + fresh }).toMatchObject({
        about: true,
      });
      expect({ consumer, deadLetters: end[i].deadLetters }).toEqual({
        consumer,
        deadLetters: start[i].deadLetters,
      });
    }
    expect((await dlq('list')).output).toContain('0 dead letter(s) pending');
    await db.end();
  });

  it('converges when the events of each task arrive in reverse order', async () => {
    await payee(crew, 'payee-reversed');
    const worker = [...crew.workers.keys()][0];
    const now = () => new Date().toISOString();
    const wire = (name: string, version: number, data: object) =>
      JSON.stringify(envelope(name, version, data, 'tasks'));
    const ids = Array.from({ length: 60 }, () => randomUUID());
    for (const [i, id] of ids.entries()) {
      const state = {
        public_id: id,
        title: `Reversed ${i}`,
        jira_id: `REV-${i}`,
        description: '',
        assignee_id: worker,
        version: 2,
        created_at: now(),
      };
      await kafka.publish('tasks-lifecycle', [
        {
          key: id,
          value: wire('TaskCompleted', 1, { task_id: id, assignee_id: worker, completed_at: now() }),
        },
        {
          key: id,
          value: wire('TaskAssigned', 1, {
            task_id: id,
            assignee_id: worker,
            reason: 'created',
            shuffle_id: null,
            assigned_at: now(),
          }),
        },
        {
          key: id,
          value: wire('TaskAdded', 2, {
            task_id: id,
            title: `Reversed ${i}`,
            jira_id: `REV-${i}`,
            description: '',
            assignee_id: worker,
            created_at: now(),
          }),
        },
      ]);
      await kafka.publish('tasks-stream', [
        { key: id, value: wire('TaskUpdated', 2, { ...state, status: 'done', completed_at: now() }) },
        {
          key: id,
          value: wire('TaskCreated', 2, { ...state, status: 'open', version: 1, completed_at: null }),
        },
      ]);
    }
    totals.assignments += ids.length;
    totals.completions += ids.length;
    await closeCycle(crew); // while accounting is taking the reversed events in
    await workload(crew, 'reversed');
    const output = await audited();
    expect(output).toContain(
      `${2 * ids.length} task event(s) from another producer than tasks, on tasks-lifecycle, taken in by accounting`,
    );
    // Every reversed task: one fee and one reward, and the task's title and Jira id, from which accounting renders
    // the entries' descriptions (story.e2e-spec checks that rendering).
    const { rows } = await stack.query(
      `SELECT t.public_id::text AS id, e.kind, t.title, t.jira_id FROM accounting.entries e
         JOIN accounting.tasks t ON t.id = e.task_id WHERE t.public_id = ANY($1::uuid[]) ORDER BY t.title, e.kind`,
      [ids],
    );
    const expected = ids.flatMap((id, i) =>
      ['assignment_fee', 'completion_reward'].map((kind) => ({
        id,
        kind,
        title: `Reversed ${i}`,
        jira_id: `REV-${i}`,
      })),
    );
    const byTitle = (a: { title: string; kind: string }, b: { title: string; kind: string }) =>
      a.title.localeCompare(b.title) || a.kind.localeCompare(b.kind);
    expect(rows).toEqual(expected.sort(byTitle));
  });

  it('dead-letters poison, retries then dead-letters a failing handler, and replays it exactly once after the fix', async () => {
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    db.on('error', () => undefined); // the stack drops its database at the end, with this client maybe still open
    await payee(crew, 'payee-poisoned');
    // A fault in accounting: posting the fee of the task titled "Poisoned" fails until fixed.
    await db.query(`CREATE FUNCTION accounting.chaos_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.kind = 'assignment_fee' AND EXISTS (SELECT 1 FROM accounting.tasks WHERE id = NEW.task_id AND title = 'Poisoned')
        THEN RAISE EXCEPTION 'injected fault'; END IF;
        RETURN NEW;
      END $$`);
    await db.query(
      `CREATE TRIGGER chaos_fault BEFORE INSERT ON accounting.entries FOR EACH ROW EXECUTE FUNCTION accounting.chaos_fault()`,
    );
    const poison = randomUUID();
    await kafka.publish('tasks-lifecycle', [
      { key: poison, value: '{"this is": not json' },
      {
        key: poison,
        value: JSON.stringify({
          event_id: randomUUID(),
          event_version: 1,
          event_name: 'TaskCompleted',
          event_time: new Date().toISOString(),
          producer: 'tasks',
          data: { task_id: poison },
        }),
      },
      {
        key: poison,
        value: JSON.stringify({
          event_id: randomUUID(),
          event_version: 9,
          event_name: 'TaskCompleted',
          event_time: new Date().toISOString(),
          producer: 'tasks',
          data: {},
        }),
      },
    ]);
    const poisoned = await crew.admin.post('/tasks', { title: 'Poisoned' });
    expect(poisoned.status).toBe(201);
    const assignments = async () =>
      (
        await db.query(
          `SELECT count(*)::int AS n FROM tasks.outbox WHERE event_name = 'TaskAssigned' AND message_key = $1`,
          [poisoned.body.id],
        )
      ).rows[0].n as number;
    await workload(crew, 'poisoned');

    await eventually(
      async () => {
        const { output } = await dlq('list', 'tasks-lifecycle');
        // One per assignment of the poisoned task (created, and again if the workload's shuffle drew it).
        expect(output.match(/accounting .*handler failed 3 times: injected fault/g)).toHaveLength(
          await assignments(),
        );
        expect(
          output.split('\n').filter((l) => /not JSON|must have required property|v9/.test(l)),
        ).toHaveLength(6); // 3 each for accounting and analytics
      },
      { timeoutMs: 60_000, intervalMs: 2_000 },
    );
    // The same, as accounting's counters show them (GET /metrics): 3 invalid, one failed per assignment,
    // each failed one after 2 retries.
    const failedLetters = await assignments();
    expect(await stack.metric('accounting', 'ates_consumer_dead_letters_total')).toBe(3 + failedLetters);
    expect(await stack.metric('accounting', 'ates_consumer_retries_total')).toBe(2 * failedLetters);
    await closeCycle(crew); // while the fault holds the fee back
    const { code, output } = await ledgerCheck(stack.databaseUrl);
    expect(code).toBe(1); // the audit sees the fee that is missing
    expect(output).toMatch(/TaskAssigned [0-9a-f-]{36}: no assignment_fee entry/);

    await db.query(`DROP TRIGGER chaos_fault ON accounting.entries`); // the fix
    expect((await dlq('drop', 'tasks-lifecycle', '--kind', 'invalid')).output).toContain(
      '6 dead letter(s) dropped',
    );
    const failed = await assignments();
    expect((await dlq('replay', 'tasks-lifecycle', '--kind', 'failed')).output).toContain(
      `${failed} dead letter(s) replayed`,
    );
    await audited();
    const fees = await db.query(
      `SELECT count(*)::int AS n FROM accounting.entries e JOIN accounting.tasks t ON t.id = e.task_id
        WHERE t.public_id = $1 AND e.kind = 'assignment_fee'`,
      [poisoned.body.id],
    );
    expect(fees.rows).toEqual([{ n: failed }]); // each assignment charged exactly once
    expect((await dlq('list')).output).toContain('0 dead letter(s) pending');
    await db.end();
  });

  it('keeps taking work while the broker is down for 12 seconds, and catches up when it is back', async () => {
    const unsent = async (service: string) =>
      (await stack.query(`SELECT count(*)::int AS n FROM ${service}.outbox WHERE sent_at IS NULL`)).rows[0]
        .n as number;
    await payee(crew, 'payee-broker-down');
    const work = workload(crew, 'broker-down');
    await pause(3_000);
    expect(await infra('down')).toBe(0);
    // The workload goes on and the outboxes fill up: tasks' with the task events, accounting's with a close's
    // (BillingCycleClosed, and a PaymentMade and a TransactionCreated per payout).
    await eventually(async () => expect(await unsent('tasks')).toBeGreaterThan(50), { timeoutMs: 10_000 });
    const paid = await closeCycle(crew);
    expect(await unsent('accounting')).toBeGreaterThanOrEqual(1 + 2 * paid);
    await pause(8_000);
    expect(await unsent('tasks')).toBeGreaterThan(50);
    expect(await infra('up')).toBe(0);
    await work;
    await audited();
  });
});
