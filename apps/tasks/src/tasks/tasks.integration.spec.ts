import { AccountStateV1, SchemaRegistry } from '@ates/contracts';
import { MailOutbox } from '@ates/mail';
import { OutboxWriter } from '@ates/messaging';
import { DomainError } from '@ates/platform';
import {
  openServiceTestDatabase,
  outboxContractViolations,
  seededRandom,
  type ServiceTestDatabase,
} from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { AccountReplicaRepository } from '../accounts/account-replica.repository';
import { AssignmentNotifier } from '../notifications/assignment-notifier';
import { MIGRATIONS } from '../migrations';
import { TaskEntity } from './task.entity';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

const state = (role: AccountStateV1['role'], overrides: Partial<AccountStateV1> = {}): AccountStateV1 => ({
  public_id: randomUUID(),
  username: `${role}-${randomUUID().slice(0, 6)}`,
  email: `${role}-${randomUUID().slice(0, 6)}@popug.inc`,
  full_name: 'x',
  role,
  active: true,
  version: 1,
  created_at: new Date().toISOString(),
  ...overrides,
});

describe('tasks service (integration, real PostgreSQL)', () => {
  let database: ServiceTestDatabase;
  let tasks: TasksService;
  const replica = new AccountReplicaRepository();
  const q = (sql: string, params?: unknown[]) => database.dataSource.query(sql, params);
  const addAccounts = (...accounts: AccountStateV1[]) =>
    database.dataSource.transaction(async (tx) => {
      await replica.applyStates(tx, accounts);
    });
  const creator = randomUUID();

  beforeEach(async () => {
    database = await openServiceTestDatabase('tasks', MIGRATIONS, [TaskEntity]);
    const outbox = new OutboxWriter(
      { service: 'tasks', schema: 'tasks', transport: 'kafka', brokers: [], topics: [] },
      new SchemaRegistry(),
    );
    const mail = new MailOutbox({ schema: 'tasks', from: 'aTES <no-reply@popug.inc>' });
    tasks = new TasksService(
      database.dataSource,
      outbox,
      new TasksRepository(),
      replica,
      new AssignmentNotifier(mail),
    );
    tasks.random = seededRandom(11);
  });
  afterEach(async () => {
    // Producer contract: whatever the test made tasks write honours its schema, producer and topic.
    expect(await outboxContractViolations(database.dataSource, 'tasks', 'tasks')).toEqual([]);
    await database.close();
  });

  it('refuses to create a task nobody may take (409) and stores nothing', async () => {
    await addAccounts(state('admin'), state('manager'), state('worker', { active: false }));
    await expect(
      tasks.create({ title: 'T', jiraId: null, description: '', createdBy: creator }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await q('SELECT count(*)::int AS n FROM tasks.tasks')).toEqual([{ n: 0 }]);
    expect(await q('SELECT count(*)::int AS n FROM tasks.outbox')).toEqual([{ n: 0 }]);
  });

  it('creates a task for an eligible popug with TaskCreated v2, TaskAdded v2 and TaskAssigned in the outbox', async () => {
    const worker = state('worker');
    await addAccounts(worker, state('admin'), state('manager'));
    const task = await tasks.create({
      title: 'Paint',
      jiraId: 'UBERPOP-1',
      description: 'd',
      createdBy: creator,
    });
    expect(task).toMatchObject({ status: 'open', assigneeId: worker.public_id, jiraId: 'UBERPOP-1' });
    const events = await q(
      'SELECT event_name, event_version, message_key, topic FROM tasks.outbox ORDER BY id',
    );
    expect(events).toEqual([
      { event_name: 'TaskCreated', event_version: 2, message_key: task.publicId, topic: 'tasks-stream' },
      { event_name: 'TaskAdded', event_version: 2, message_key: task.publicId, topic: 'tasks-lifecycle' },
      { event_name: 'TaskAssigned', event_version: 1, message_key: task.publicId, topic: 'tasks-lifecycle' },
    ]);
    expect(await q('SELECT recipient, subject FROM tasks.mail_outbox')).toEqual([
      { recipient: worker.email, subject: 'aTES: new task [UBERPOP-1] Paint assigned to you' },
    ]);
  });

  it('picks the assignee inside the insert, as pickAssignee picks from the eligible accounts by public id', async () => {
    const popugs = [state('worker'), state('accountant'), state('worker')];
    await addAccounts(...popugs, state('manager'), state('worker', { active: false }));
    const byId = popugs.map((p) => p.public_id).sort();
    const picked: string[] = [];
    for (const r of [0, 0.34, 0.999]) {
      tasks.random = () => r;
      picked.push(
        (await tasks.create({ title: 'T', jiraId: null, description: '', createdBy: creator })).assigneeId,
      );
    }
    expect(picked).toEqual([byId[0], byId[1], byId[2]]);
    const email = (id: string) => popugs.find((p) => p.public_id === id)!.email;
    expect(await q('SELECT recipient FROM tasks.mail_outbox ORDER BY recipient')).toEqual(
      picked.map((id) => ({ recipient: email(id) })).sort((a, b) => a.recipient.localeCompare(b.recipient)),
    );
  });

  it('shuffles every open task to eligible popugs only, in one go, with one TaskAssigned each', async () => {
    const popugs = [state('worker'), state('worker'), state('accountant')];
    await addAccounts(...popugs, state('manager'), state('admin'));
    for (let i = 0; i < 200; i++)
      await tasks.create({ title: `T${i}`, jiraId: null, description: '', createdBy: creator });
    const done = (await tasks.list({ limit: 1 }))[0];
    await tasks.complete(done.publicId, done.assigneeId);
    await q('DELETE FROM tasks.outbox');
    await q('DELETE FROM tasks.mail_outbox');

    expect(await tasks.shuffle()).toBe(199);

    const assignees: { assignee_id: string; n: number }[] = await q(
      `SELECT assignee_id, count(*)::int AS n FROM tasks.tasks WHERE status = 'open' GROUP BY 1`,
    );
    expect(new Set(assignees.map((a) => a.assignee_id))).toEqual(new Set(popugs.map((p) => p.public_id)));
    const events: { event_name: string; n: number; shuffles: number }[] = await q(
      `SELECT event_name, count(*)::int AS n, count(DISTINCT (payload::jsonb)->'data'->>'shuffle_id')::int AS shuffles
         FROM tasks.outbox GROUP BY 1 ORDER BY 1`,
    );
    expect(events).toEqual([
      { event_name: 'TaskAssigned', n: 199, shuffles: 1 },
      { event_name: 'TaskUpdated', n: 199, shuffles: 0 },
    ]);
    expect(await q(`SELECT status, version FROM tasks.tasks WHERE public_id = $1`, [done.publicId])).toEqual([
      { status: 'done', version: 2 },
    ]);
    // SPEC §5: one notice per popug for the whole shuffle, listing each of their tasks.
    const notices: { recipient: string; listed: number }[] = await q(
      `SELECT recipient, (length(body) - length(replace(body, E'\n  - ', ''))) / 5 AS listed
         FROM tasks.mail_outbox ORDER BY recipient`,
    );
    const perEmail = new Map(
      assignees.map((a) => [popugs.find((p) => p.public_id === a.assignee_id)!.email, a.n]),
    );
    expect(notices).toEqual(
      [...perEmail]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([recipient, n]) => ({ recipient, listed: n })),
    );
  }, 60_000); // 200 creates, on a shared and loaded machine

  it('lets only the assignee complete, once', async () => {
    await addAccounts(state('worker'));
    const task = await tasks.create({ title: 'T', jiraId: null, description: '', createdBy: creator });
    await expect(tasks.complete(task.publicId, randomUUID())).rejects.toMatchObject({ code: 'forbidden' });
    await expect(tasks.complete(task.publicId, task.assigneeId)).resolves.toMatchObject({ status: 'done' });
    await expect(tasks.complete(task.publicId, task.assigneeId)).rejects.toMatchObject({ code: 'conflict' });
    await expect(tasks.complete(randomUUID(), task.assigneeId)).rejects.toBeInstanceOf(DomainError);
  });

  it('keeps the newest account state whatever the order of account events', async () => {
    const created = state('worker');
    const promoted = { ...created, role: 'manager' as const, version: 2 };
    await database.dataSource.transaction(async (tx) => {
      await replica.applyRoleChange(tx, {
        public_id: created.public_id,
        old_role: 'worker',
        new_role: 'manager',
        version: 2,
        changed_at: new Date().toISOString(),
      });
      await replica.applyStates(tx, [promoted]);
      await replica.applyStates(tx, [created]); // older, arrives last, in a chunk of its own
    });
    expect(await q('SELECT role, active, version FROM tasks.accounts')).toEqual([
      { role: 'manager', active: true, version: 2 },
    ]);
  });
});
