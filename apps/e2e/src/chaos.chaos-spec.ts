import { envelope, eventually } from '@ates/testing';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { Api, Reply } from './client';
import { KafkaTools } from './kafka-tools';
import { ADMIN_PASSWORD, Stack } from './stack';

/**
 * Fault injection on real Kafka and PostgreSQL (issue 6): each scenario runs a workload of more than 2,000
 * task events through the gateway while a fault is injected, then `npm run ledger:check` must pass — nothing
 * lost, nothing doubled, accounting and analytics agree.
 */
const ROOT = join(__dirname, '..', '..', '..');
const stack = new Stack();
const anon = new Api(stack.gateway);
let kafka: KafkaTools;
/** Where each partition ended before this suite: earlier runs' messages on a shared broker stay out of it. */
let marks: Map<string, bigint>;
let admin: Api;
let manager: Api;
const workers = new Map<string, Api>();
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
  analytics: ['tasks-stream', 'tasks-lifecycle', 'transactions-stream', 'billing-lifecycle'],
};

const run = (command: string[], env: NodeJS.ProcessEnv = {}) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', ...command], {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
const ledgerCheck = () => run(['tools/ledger/check.ts'], { DATABASE_URL: stack.databaseUrl });
const dlq = (...args: string[]) =>
  run(['tools/dlq/dlq.ts', ...args], { KAFKA_BROKERS: stack.brokers.join(',') });

/** Waits until every consumer has caught up, then requires a clean audit. */
async function audited(): Promise<string> {
  await eventually(async () => expect(await kafka.lag(CONSUMERS)).toBe(0), {
    timeoutMs: 120_000,
    intervalMs: 1_000,
  });
  let last = '';
  await eventually(
    async () => {
      const { code, output } = await ledgerCheck();
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

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

/** Replies the workload got while a service restarted: 503 (not reached) and 502 (connection lost). */
const interrupted = { 503: 0, 502: 0 };

/**
 * 350 creations (×3 events), 200 completions (×2), a shuffle (×2 per open task), 100 creations: > 2,000.
 * With `restarts`, the workload copes with tasks restarting as a careful client does: after a 503 (the gateway
 * could not reach tasks, nothing was sent) it sends again; after a 502 (tasks went away mid-request, the
 * outcome is unknown) it first looks whether the request took effect. Any other failure fails the test.
 */
async function workload(tag: string, { restarts = false } = {}): Promise<number> {
  const send = async (call: () => Promise<Reply>, tookEffect?: () => Promise<Reply | null>) => {
    for (let attempt = 1; attempt < 240; attempt++) {
      const reply = await call();
      if (!restarts || (reply.status !== 503 && reply.status !== 502)) return reply;
      interrupted[reply.status]++;
      await new Promise((resolve) => setTimeout(resolve, 250));
      const effect = reply.status === 502 && tookEffect ? await tookEffect() : null;
      if (effect) return effect;
    }
    return call();
  };
  const created: { id: string; assigneeId: string }[] = [];
  const create = async (i: number) => {
    const title = `${tag} ${i}`;
    const reply = await send(
      () => admin.post('/tasks', { title, jiraId: i % 4 === 0 ? `CHAOS-${i}` : undefined }),
      async () => {
        const { rows } = await stack.query(`SELECT public_id FROM tasks.tasks WHERE title = $1`, [title]);
        return rows.length ? { ...(await admin.get(`/tasks/${rows[0].public_id}`)), status: 201 } : null;
      },
    );
    expect(reply.status).toBe(201);
    created.push(reply.body);
  };
  await pool([...Array(350).keys()], 4, create);
  await pool(created.slice(0, 200), 4, async (t) => {
    const reply = await send(
      () => workers.get(t.assigneeId)!.post(`/tasks/${t.id}/complete`),
      async () => {
        const task = await admin.get(`/tasks/${t.id}`);
        return task.body.status === 'done' ? { ...task, status: 200 } : null;
      },
    );
    expect(reply.status).toBe(200);
  });
  const shuffle = await send(() => manager.post('/tasks/shuffle')); // after a 502: one more shuffle, harmless
  expect(shuffle.status).toBe(200);
  await pool(
    [...Array(100).keys()].map((i) => 350 + i),
    4,
    create,
  );
  const events = 350 * 3 + 200 * 2 + shuffle.body.reassigned * 2 + 100 * 3;
  expect(events).toBeGreaterThanOrEqual(2_000);
  return events;
}

beforeAll(async () => {
  kafka = new KafkaTools((process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','));
  await kafka.connect();
  marks = await kafka.marks(TOPICS);
  await stack.start({ CONSUMER_RETRY_ATTEMPTS: '3', CONSUMER_RETRY_BASE_MS: '100', LOG_LEVEL: 'warn' });
  admin = anon.as(
    (await anon.post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).body.accessToken,
  );
  const signUp = async (username: string) => {
    const reply = await anon.post('/auth/signup', {
      username,
      email: `${username}@popug.inc`,
      password: 'password-1',
      fullName: username,
    });
    expect(reply.status).toBe(201);
    return reply.body.id as string;
  };
  const login = async (username: string) =>
    anon.as((await anon.post('/auth/login', { username, password: 'password-1' })).body.accessToken);
  for (let i = 1; i <= 5; i++) workers.set(await signUp(`worker${i}`), await login(`worker${i}`));
  const boss = await signUp('boss');
  expect((await admin.patch(`/auth/accounts/${boss}`, { role: 'manager' })).status).toBe(200);
  manager = await login('boss');
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
  it('survives accounting being SIGKILLed mid-batch three times', async () => {
    const work = workload('killed');
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await stack.kill('accounting');
      await stack.restart('accounting');
    }
    await work;
    await audited();
  });

  it('stops gracefully on SIGTERM: in-flight requests, batches and outbox sends finish, nothing is redone', async () => {
    const taskTopics = ['tasks-stream', 'tasks-lifecycle'];
    const start = await kafka.marks(taskTopics);
    // Two workloads back to back (> 4,000 events): the three stops and restarts all fall inside them.
    const work = workload('terminated-a', { restarts: true }).then(() =>
      workload('terminated-b', { restarts: true }),
    );
    const stops: { service: string; code: number | null; signal: string | null; ms: number }[] = [];
    // What each accounting process started after a graceful stop applied, and found already applied.
    const afterStops: number[][] = [];
    const counters = async () => [
      await stack.metric('accounting', 'ates_consumer_events_applied_total'),
      await stack.metric('accounting', 'ates_consumer_events_duplicate_total'),
    ];
    for (const service of ['tasks', 'accounting', 'accounting'] as const) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      if (service === 'accounting' && stops.some((s) => s.service === 'accounting'))
        afterStops.push(await counters());
      stops.push({ service, ...(await stack.terminate(service)) });
      await stack.restart(service);
    }
    await work;
    // 20 more tasks (60 events) that only the last accounting process, started after a graceful stop, can apply.
    await pool([...Array(20).keys()], 4, async (i) => {
      expect((await admin.post('/tasks', { title: `After the stops ${i}` })).status).toBe(201);
    });
    expect(interrupted[503]).toBeGreaterThan(0); // tasks was stopped while requests were coming in
    // Each stop finished its work and exited 0 (not by the signal, not by the 25 s watchdog).
    for (const stop of stops) expect(stop).toEqual({ ...stop, code: 0, signal: null });
    for (const stop of stops) expect(stop.ms).toBeLessThan(20_000);
    await audited();
    afterStops.push(await counters());
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
    await workload('twice');
    await audited();
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const count = async () =>
      (
        await db.query(
          `SELECT (SELECT count(*) FROM accounting.entries)::int AS a, (SELECT count(*) FROM analytics.transactions)::int AS b`,
        )
      ).rows[0];
    const before = await count();
    let copies = 0;
    for (const topic of TOPICS) copies += await kafka.republish(topic, marks);
    expect(copies).toBeGreaterThan(2_000);
    await audited();
    expect(await count()).toEqual(before);
    await db.end();
  });

  it('converges when the events of each task arrive in reverse order', async () => {
    const worker = [...workers.keys()][0];
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
    await workload('reversed');
    const output = await audited();
    expect(output).toMatch(/60 assignment_fee entries come from TaskAssigned events not in tasks' outbox/);
    // Each reversed task: one fee and one reward, and the task's title and Jira id, from which accounting renders
    // the entries' descriptions (story.e2e-spec checks that rendering).
    for (const i of [0, 29, 59]) {
      const { rows } = await stack.query(
        `SELECT e.kind, t.title, t.jira_id FROM accounting.entries e JOIN accounting.tasks t ON t.id = e.task_id
          WHERE t.public_id = $1 ORDER BY e.kind`,
        [ids[i]],
      );
      expect(rows).toEqual([
        { kind: 'assignment_fee', title: `Reversed ${i}`, jira_id: `REV-${i}` },
        { kind: 'completion_reward', title: `Reversed ${i}`, jira_id: `REV-${i}` },
      ]);
    }
  });

  it('dead-letters poison, retries then dead-letters a failing handler, and replays it exactly once after the fix', async () => {
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    db.on('error', () => undefined); // the stack drops its database at the end, with this client maybe still open
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
    const poisoned = await admin.post('/tasks', { title: 'Poisoned' });
    expect(poisoned.status).toBe(201);
    const assignments = async () =>
      (
        await db.query(
          `SELECT count(*)::int AS n FROM tasks.outbox WHERE event_name = 'TaskAssigned' AND message_key = $1`,
          [poisoned.body.id],
        )
      ).rows[0].n as number;
    await workload('poisoned');

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
    const { code, output } = await ledgerCheck();
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
    const infra = (command: 'up' | 'down') =>
      new Promise<number>((resolve) =>
        spawn(process.execPath, [join(ROOT, 'tools', 'infra', 'infra.mjs'), command], {
          cwd: ROOT,
          stdio: 'ignore',
        }).on('exit', (code) => resolve(code ?? 1)),
      );
    const work = workload('broker-down');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await infra('down')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 12_000)); // the workload goes on: outboxes fill up
    expect(await infra('up')).toBe(0);
    await work;
    await audited();
  });
});
