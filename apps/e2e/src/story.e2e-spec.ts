import { envelope, eventually } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { Api } from './client';
import { ADMIN_PASSWORD, PORTS, Stack } from './stack';

/**
 * The core story through the gateway, on real PostgreSQL with events on Kafka (`npm run test:e2e`) or on the
 * PostgreSQL event log of the embedded mode (`npm test`): accounts, roles, tasks, completions,
 * shuffles — and accounting killed and restarted in the middle — then the ledger is checked popug by popug.
 */
const stack = new Stack();
const anon = new Api(stack.gateway);
const direct = (service: keyof typeof PORTS, token?: string) =>
  new Api(`http://127.0.0.1:${PORTS[service]}`, token);

interface Popug {
  id: string;
  username: string;
  api: Api;
  role: string;
}
/** Every assignment (creation or shuffle) and completion we caused, to check the ledger against. */
const assignments: { taskId: string; popugId: string }[] = [];
const completions: { taskId: string; popugId: string }[] = [];
const popugs: Popug[] = [];
/** Tasks reassigned by each shuffle, in order. */
const shuffles: number[] = [];
let admin: Api;
let adminId: string;

const login = async (username: string, password: string) => {
  const reply = await anon.post('/auth/login', { username, password });
  expect(reply.status).toBe(200);
  return reply.body as { accessToken: string; refreshToken: string; tokenType: string; expiresIn: number };
};
const byRole = (role: string) => popugs.filter((p) => p.role === role);

async function signUp(username: string): Promise<Popug> {
  const signup = await anon.post('/auth/signup', {
    username,
    email: `${username}@popug.inc`,
    password: 'password-1',
    fullName: username,
  });
  expect(signup.status).toBe(201);
  expect(signup.body).toMatchObject({ username, role: 'worker', active: true });
  const popug = {
    id: signup.body.id,
    username,
    role: 'worker',
    api: anon.as((await login(username, 'password-1')).accessToken),
  };
  popugs.push(popug);
  return popug;
}
const popugById = (id: string) => popugs.find((p) => p.id === id);

async function createTask(api: Api, title: string, jiraId?: string) {
  const reply = await api.post('/tasks', { title, jiraId, description: `${title} — details` });
  expect(reply.status).toBe(201);
  const assignee = popugById(reply.body.assigneeId);
  expect(assignee && ['worker', 'accountant'].includes(assignee.role)).toBe(true);
  assignments.push({ taskId: reply.body.id, popugId: reply.body.assigneeId });
  return reply.body as { id: string; assigneeId: string };
}

async function complete(taskId: string) {
  const task = (await admin.get(`/tasks/${taskId}`)).body;
  const reply = await popugById(task.assigneeId)!.api.post(`/tasks/${taskId}/complete`);
  expect(reply.status).toBe(200);
  expect(reply.body.status).toBe('done');
  completions.push({ taskId, popugId: task.assigneeId });
}

interface Entry {
  kind: string;
  debit: number;
  credit: number;
  taskId: string | null;
  description: string;
  cycleId: string;
}
const entriesOf = async (id: string) =>
  (await admin.get(`/accounting/accounts/${id}/transactions?limit=500`)).body as Entry[];
const ids = (entries: Entry[], kind: string) =>
  entries
    .filter((e) => e.kind === kind)
    .map((e) => e.taskId)
    .sort();

/** Waits until accounting has applied every assignment and completion we caused. */
async function ledgerSettled(): Promise<void> {
  for (const popug of popugs)
    await eventually(
      async () => {
        const entries = await entriesOf(popug.id);
        const mine = (list: { taskId: string; popugId: string }[]) =>
          list
            .filter((a) => a.popugId === popug.id)
            .map((a) => a.taskId)
            .sort();
        expect(ids(entries, 'assignment_fee')).toEqual(mine(assignments));
        expect(ids(entries, 'completion_reward')).toEqual(mine(completions));
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
}

const dollars = (cents: number) => `$${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

beforeAll(() => stack.start(), 180_000);
afterAll(() => stack.stop(), 60_000);

describe(`aTES core story (gateway → services → ${stack.transport === 'kafka' ? 'Kafka' : 'PostgreSQL event log'} → PostgreSQL)`, () => {
  it('serves health and a Swagger document with every service’s routes', async () => {
    expect((await anon.get('/health')).body).toMatchObject({ status: 'ok' });
    const docs = await anon.get('/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/auth/login', '/tasks/shuffle', '/accounting/accounts/{id}/transactions']),
    );
  });

  it('logs the admin in and signs popugs up; admin makes a manager and an accountant', async () => {
    const tokens = await login('admin', ADMIN_PASSWORD);
    expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: expect.any(Number) });
    admin = anon.as(tokens.accessToken);
    adminId = (await admin.get('/auth/me')).body.id;
    for (let i = 1; i <= 6; i++) {
      const popug = await signUp(`popug${i}`);
      expect((await popug.api.get('/auth/me')).body).toMatchObject({
        username: `popug${i}`,
        role: 'worker',
        active: true,
      });
    }
    for (const [index, role] of [
      [4, 'manager'],
      [5, 'accountant'],
    ] as const) {
      const reply = await admin.patch(`/auth/accounts/${popugs[index].id}`, { role });
      expect(reply.status).toBe(200);
      expect(reply.body.role).toBe(role);
      popugs[index].role = role;
      popugs[index].api = anon.as((await login(popugs[index].username, 'password-1')).accessToken);
    }
    const listed = await admin.get('/auth/accounts');
    expect(listed.body.map((a: { username: string }) => a.username)).toEqual(
      expect.arrayContaining(['admin', 'popug1', 'popug6']),
    );
  });

  it('answers auth errors as specified', async () => {
    const worker = byRole('worker')[0];
    expect(
      (
        await anon.post('/auth/signup', {
          username: 'popug1',
          email: 'new@popug.inc',
          password: 'password-1',
          fullName: 'X',
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await anon.post('/auth/signup', {
          username: 'fresh',
          email: 'popug1@popug.inc',
          password: 'password-1',
          fullName: 'X',
        })
      ).status,
    ).toBe(409);
    const bad = await anon.post('/auth/signup', {
      username: 'No!',
      email: 'nope',
      password: 'short',
      fullName: 'X',
      admin: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(expect.arrayContaining(['property admin should not exist']));
    expect((await anon.post('/auth/login', { username: 'popug1' })).status).toBe(400);
    const wrong = await anon.post('/auth/login', { username: 'popug1', password: 'wrong-password' });
    const unknown = await anon.post('/auth/login', { username: 'nobody-here', password: 'wrong-password' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
    expect((await anon.get('/auth/me')).status).toBe(401);
    expect((await worker.api.get('/auth/accounts')).status).toBe(403);
    expect(
      (await admin.patch('/auth/accounts/00000000-0000-4000-8000-000000000000', { fullName: 'X' })).status,
    ).toBe(404);
    expect((await admin.patch('/auth/accounts/not-a-uuid', { fullName: 'X' })).status).toBe(400);
    expect((await admin.patch(`/auth/accounts/${worker.id}`, { role: 'king' })).status).toBe(400);
    expect((await admin.patch(`/auth/accounts/${worker.id}`, { email: 'popug2@popug.inc' })).status).toBe(
      409,
    );
    expect((await admin.patch(`/auth/accounts/${adminId}`, { role: 'worker' })).status).toBe(409);
    const jwks = await anon.get('/auth/.well-known/jwks.json');
    expect(jwks.body.keys[0]).toMatchObject({
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      kid: expect.any(String),
    });
  });

  it('rejects forged and tampered tokens at the gateway and at every service', async () => {
    const token = popugs[0].api.token!;
    const [header, payload, signature] = token.split('.');
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = [
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, role: 'admin' })}.`,
      `${header}.${b64({ ...claims, role: 'admin' })}.${signature}`,
      `${header}.${payload}.${signature.slice(0, -4)}AAAA`,
      'not-a-token',
    ];
    for (const bad of forged) {
      expect((await anon.as(bad).get('/auth/accounts')).status).toBe(401);
      expect((await direct('auth', bad).get('/auth/accounts')).status).toBe(401);
      expect((await direct('tasks', bad).get('/tasks')).status).toBe(401);
      expect((await direct('accounting', bad).get('/accounting/accounts')).status).toBe(401);
    }
    expect((await direct('tasks').get('/tasks')).status).toBe(401);
  });

  it('rotates refresh tokens and revokes them on logout', async () => {
    const first = await login('popug1', 'password-1');
    const second = await anon.post('/auth/refresh', { refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await anon.post('/auth/refresh', { refreshToken: first.refreshToken })).status).toBe(401);
    const fresh = await login('popug1', 'password-1');
    const api = anon.as(fresh.accessToken);
    expect((await api.post('/auth/logout', { refreshToken: fresh.refreshToken })).status).toBe(204);
    expect((await anon.post('/auth/refresh', { refreshToken: fresh.refreshToken })).status).toBe(401);
  });

  it('creates tasks for any role, never assigned to an admin or manager, and enforces the task rules', async () => {
    // Tasks learns about the popugs from accounts-stream: wait until all eligible ones can receive tasks.
    await eventually(async () => {
      const reply = await admin.post('/tasks', { title: 'Warm-up task' });
      expect(reply.status).toBe(201);
      assignments.push({ taskId: reply.body.id, popugId: reply.body.assigneeId });
    });
    const creators = [admin, popugs[0].api, byRole('manager')[0].api, byRole('accountant')[0].api];
    for (let i = 0; i < 12; i++)
      await createTask(creators[i % creators.length], `Task ${i}`, i % 3 === 0 ? `UBERPOP-${i}` : undefined);

    const bracket = await popugs[0].api.post('/tasks', { title: '[UBERPOP-1] Old style' });
    expect(bracket.status).toBe(400);
    expect(JSON.stringify(bracket.body.message)).toContain('jiraId');
    expect((await admin.post('/tasks', { title: '' })).status).toBe(400);
    expect((await admin.post('/tasks', { title: 'x', assigneeId: popugs[0].id })).status).toBe(400);
    expect((await admin.get('/tasks/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await admin.get('/tasks?limit=100000')).status).toBe(400);
    const task = assignments[1];
    const other = popugs.find((p) => p.id !== task.popugId)!;
    expect((await other.api.post(`/tasks/${task.taskId}/complete`)).status).toBe(403);
    await complete(task.taskId);
    expect((await popugById(task.popugId)!.api.post(`/tasks/${task.taskId}/complete`)).status).toBe(409);
    const mine = await popugById(task.popugId)!.api.get('/tasks/mine?status=done');
    expect(mine.body.map((t: { id: string }) => t.id)).toContain(task.taskId);
  });

  it('loses nothing while accounting is killed and restarted mid-story', async () => {
    await stack.kill('accounting');
    for (let i = 0; i < 6; i++) await createTask(popugs[i % 4].api, `While accounting is down ${i}`);
    await complete(assignments[2].taskId);
    await complete(assignments[assignments.length - 1].taskId);
    await stack.restart('accounting');
    for (let i = 0; i < 3; i++) await createTask(admin, `After restart ${i}`);
  });

  it('shuffles on a manager’s word (twice), not on a worker’s', async () => {
    const manager = byRole('manager')[0].api;
    expect((await popugs[0].api.post('/tasks/shuffle')).status).toBe(403);
    for (let round = 0; round < 2; round++) {
      const open = (await admin.get('/tasks?status=open&limit=500')).body as { id: string }[];
      const reply = await manager.post('/tasks/shuffle');
      expect(reply.status).toBe(200);
      expect(reply.body.reassigned).toBe(open.length);
      shuffles.push(reply.body.reassigned);
      const after = (await admin.get('/tasks?status=open&limit=500')).body as {
        id: string;
        assigneeId: string;
      }[];
      for (const t of after) {
        expect(['worker', 'accountant']).toContain(popugById(t.assigneeId)?.role);
        assignments.push({ taskId: t.id, popugId: t.assigneeId });
      }
    }
    const open = (await admin.get('/tasks?status=open&limit=500')).body as { id: string }[];
    for (const t of open.slice(0, 3)) await complete(t.id);
  });

  it('shows, for every popug, one fee per assignment and one reward per completion, and balance = sum of entries', async () => {
    const fees = new Map<string, number>();
    for (const popug of [...popugs, { id: adminId, role: 'admin' } as Popug]) {
      const expectedFees = assignments
        .filter((a) => a.popugId === popug.id)
        .map((a) => a.taskId)
        .sort();
      const expectedRewards = completions
        .filter((c) => c.popugId === popug.id)
        .map((c) => c.taskId)
        .sort();
      await eventually(
        async () => {
          const entries = (await admin.get(`/accounting/accounts/${popug.id}/transactions?limit=500`))
            .body as {
            kind: string;
            debit: number;
            credit: number;
            taskId: string;
            description: string;
          }[];
          expect(
            entries
              .filter((e) => e.kind === 'assignment_fee')
              .map((e) => e.taskId)
              .sort(),
          ).toEqual(expectedFees);
          expect(
            entries
              .filter((e) => e.kind === 'completion_reward')
              .map((e) => e.taskId)
              .sort(),
          ).toEqual(expectedRewards);
          for (const e of entries) {
            if (e.kind === 'assignment_fee') {
              expect(e.debit % 100).toBe(0);
              expect(e.debit).toBeGreaterThanOrEqual(1000);
              expect(e.debit).toBeLessThanOrEqual(2000);
              expect(fees.get(e.taskId) ?? e.debit).toBe(e.debit); // a task keeps one fee
              fees.set(e.taskId, e.debit);
            } else {
              expect(e.credit % 100).toBe(0);
              expect(e.credit).toBeGreaterThanOrEqual(2000);
              expect(e.credit).toBeLessThanOrEqual(4000);
            }
            expect(e.description).toMatch(/^(Assignment fee|Completion reward): /);
          }
          const balance = (await admin.get(`/accounting/accounts/${popug.id}`)).body.balance;
          expect(balance).toBe(entries.reduce((sum, e) => sum + e.credit - e.debit, 0));
          if (popug.api) expect((await popug.api.get('/accounting/me')).body.balance).toBe(balance);
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
    }
    expect(assignments.filter((a) => a.popugId === adminId)).toEqual([]);
  });

  it('keeps the ledger private: a worker sees only their own account', async () => {
    const [me, other] = byRole('worker');
    expect((await me.api.get(`/accounting/accounts/${other.id}`)).status).toBe(403);
    expect((await me.api.get(`/accounting/accounts/${other.id}/transactions`)).status).toBe(403);
    expect((await me.api.get('/accounting/accounts')).status).toBe(403);
    expect((await me.api.get('/accounting/me/transactions?date=2026-02-30')).status).toBe(400);
    const accountant = byRole('accountant')[0].api;
    expect((await accountant.get('/accounting/accounts')).status).toBe(200);
    expect((await admin.get('/accounting/accounts/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('closes the day on an admin’s word: pays exactly the positive balances, once, and e-mails each payee', async () => {
    const accountant = byRole('accountant')[0].api;
    expect((await popugs[0].api.post('/accounting/billing-cycles/close')).status).toBe(403);
    expect((await accountant.post('/accounting/billing-cycles/close')).status).toBe(403);
    // Make sure somebody has earned money: a new popug takes a task and completes it (reward $20–40 > fee $10–20).
    const balances = async () =>
      (await admin.get('/accounting/accounts?limit=500')).body as { accountId: string; balance: number }[];
    const payee = await signUp('payee');
    for (let round = 0; round < 60 && !(await balances()).some((b) => b.balance > 0); round++) {
      const reply = await admin.post('/tasks', { title: `Payday ${round}` });
      expect(reply.status).toBe(201); // tasks may not know the payee yet: the task then goes to someone else
      assignments.push({ taskId: reply.body.id, popugId: reply.body.assigneeId });
      if (reply.body.assigneeId === payee.id) await complete(reply.body.id);
      await ledgerSettled();
    }
    const before = await balances();
    const positive = before.filter((b) => b.balance > 0);
    expect(positive.length).toBeGreaterThan(0);
    const total = positive.reduce((sum, b) => sum + b.balance, 0);

    const close = await admin.post('/accounting/billing-cycles/close');
    expect(close.status).toBe(200);
    expect(close.body).toMatchObject({
      payouts: positive.length,
      totalPaid: total,
      date: expect.any(String),
    });
    const again = await admin.post('/accounting/billing-cycles/close');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ payouts: 0, totalPaid: 0 });
    expect(again.body.cycleId).not.toBe(close.body.cycleId);

    const after = new Map((await balances()).map((b) => [b.accountId, b.balance]));
    for (const b of before) expect(after.get(b.accountId)).toBe(b.balance > 0 ? 0 : b.balance);
    for (const b of positive) {
      const payouts = (await entriesOf(b.accountId)).filter((e) => e.kind === 'payout');
      expect(payouts).toEqual([
        expect.objectContaining({ debit: b.balance, credit: 0, taskId: null, cycleId: close.body.cycleId }),
      ]);
      expect(payouts[0].description).toBe(`Payout for ${close.body.date}`);
    }

    const payoutMails = () => stack.mail.received.filter((m) => m.subject.startsWith('aTES payout for'));
    const expected = positive
      .map((b) => {
        const popug = popugs.find((p) => p.id === b.accountId)!;
        return {
          to: `${popug.username}@popug.inc`,
          subject: `aTES payout for ${close.body.date}: ${dollars(b.balance)}`,
        };
      })
      .sort((x, y) => x.to.localeCompare(y.to));
    const received = () =>
      payoutMails()
        .map(({ to, subject }) => ({ to, subject }))
        .sort((x, y) => x.to.localeCompare(y.to));
    await eventually(async () => expect(received()).toEqual(expected), { timeoutMs: 15_000 });
    // Still one each after more mail has gone through (a notice queued later); the mail outbox's key is what
    // drops redelivered PaymentMade events (payout-mail.integration.spec.ts).
    const marker = await admin.post('/tasks', { title: 'After payday' });
    assignments.push({ taskId: marker.body.id, popugId: marker.body.assigneeId });
    await eventually(
      async () => expect(stack.mail.received.some((m) => m.messageId.includes(marker.body.id))).toBe(true),
      { timeoutMs: 15_000 },
    );
    expect(received()).toEqual(expected);
  });

  it('lists the billing cycles and shows day figures that agree with the ledger and with each other', async () => {
    const accountant = byRole('accountant')[0].api;
    const cycles = await accountant.get('/accounting/billing-cycles');
    expect(cycles.status).toBe(200);
    const [open, second, first] = cycles.body as {
      status: string;
      payouts: number;
      totalPaid: number;
      date: string;
    }[];
    expect([open.status, second.status, first.status]).toEqual(['open', 'closed', 'closed']);
    expect(second).toMatchObject({ payouts: 0, totalPaid: 0 });

    const today = await accountant.get('/accounting/stats/today');
    expect(today.status).toBe(200);
    let fees = 0;
    let rewards = 0;
    for (const popug of popugs)
      for (const e of await entriesOf(popug.id)) {
        if (e.kind === 'assignment_fee') fees += e.debit;
        if (e.kind === 'completion_reward') rewards += e.credit;
      }
    expect(today.body).toEqual({
      date: first.date,
      managementEarnings: fees - rewards,
      assignmentFees: fees,
      completionRewards: rewards,
      payouts: first.totalPaid,
      currency: 'USD',
    });
    const daily = await admin.get('/accounting/stats/daily');
    expect(daily.status).toBe(200);
    expect(daily.body).toHaveLength(7);
    expect(daily.body[6]).toEqual(today.body);
    const one = await admin.get(`/accounting/stats/daily?from=${first.date}&to=${first.date}`);
    expect(one.body).toEqual([today.body]);
    expect((await admin.get('/accounting/stats/daily?from=2026-11-26&to=2026-11-25')).status).toBe(400);
    expect((await admin.get('/accounting/stats/daily?from=yesterday')).status).toBe(400);
    expect((await popugs[0].api.get('/accounting/stats/today')).status).toBe(403);
    expect((await popugs[0].api.get('/accounting/billing-cycles')).status).toBe(403);
  });

  it('notifies a popug of each new task, and once per shuffle for all the tasks it gave them', async () => {
    const tasks = (await admin.get('/tasks?limit=500')).body as { id: string }[];
    const mails = () => stack.mail.received.map((m) => ({ ...m, body: m.body.replace(/=\r?\n/g, '') }));
    await eventually(
      async () => {
        const created = mails().filter((m) => m.messageId.startsWith('<assigned-'));
        expect(created.map((m) => m.messageId.slice(10, 46)).sort()).toEqual(tasks.map((t) => t.id).sort());
      },
      { timeoutMs: 15_000 },
    );
    const byShuffle = new Map<string, { to: string; listed: number }[]>();
    for (const m of mails().filter((mail) => mail.messageId.startsWith('<shuffle-'))) {
      const shuffleId = m.messageId.slice(9, 45);
      const listed = m.body.match(/\([0-9a-f-]{36}\)/g)?.length ?? 0;
      byShuffle.set(shuffleId, [...(byShuffle.get(shuffleId) ?? []), { to: m.to, listed }]);
    }
    // The dispatcher sends in queueing order, so the shuffles' notices first appear in the order of the shuffles.
    expect([...byShuffle.values()].map((notices) => notices.reduce((sum, n) => sum + n.listed, 0))).toEqual(
      shuffles,
    );
    for (const notices of byShuffle.values())
      expect(new Set(notices.map((n) => n.to)).size).toBe(notices.length); // one per popug
  });

  it('has analytics agree with accounting on earnings, popugs in the red and the most expensive task; admin only', async () => {
    for (const api of [popugs[0].api, byRole('manager')[0].api, byRole('accountant')[0].api])
      for (const path of [
        '/analytics/summary',
        '/analytics/most-expensive-task',
        '/analytics/most-expensive-tasks',
      ])
        expect((await api.get(path)).status).toBe(403);
    const stats = (await admin.get('/accounting/stats/today')).body;
    const balances = (await admin.get('/accounting/accounts?limit=500')).body as { balance: number }[];
    const rewards = new Map<string, number>();
    for (const popug of popugs)
      for (const e of await entriesOf(popug.id))
        if (e.kind === 'completion_reward') rewards.set(e.taskId!, e.credit);
    const highest = Math.max(...rewards.values());
    await eventually(
      async () => {
        const summary = await admin.get('/analytics/summary');
        expect(summary.body).toEqual({
          date: stats.date,
          managementEarnings: stats.managementEarnings,
          negativeBalanceAccounts: balances.filter((b) => b.balance < 0).length,
          currency: 'USD',
        });
        const top = (await admin.get('/analytics/most-expensive-task')).body;
        expect(top).toMatchObject({ from: stats.date, to: stats.date, task: { reward: highest } });
        expect(rewards.get(top.task.taskId)).toBe(highest);
      },
      { timeoutMs: 15_000 },
    );
    const yesterday = new Date(Date.parse(`${stats.date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const days = await admin.get(`/analytics/most-expensive-tasks?from=${yesterday}&to=${stats.date}`);
    expect(
      days.body.map((d: { from: string; task: { reward: number } | null }) => [
        d.from,
        d.task?.reward ?? null,
      ]),
    ).toEqual([
      [yesterday, null],
      [stats.date, highest],
    ]);
    const month = await admin.get(
      `/analytics/most-expensive-tasks?from=${stats.date}&to=${stats.date}&granularity=month`,
    );
    expect(month.body).toHaveLength(1);
    expect((await admin.get('/analytics/most-expensive-tasks?granularity=year')).status).toBe(400);
    expect(
      (await admin.get(`/analytics/most-expensive-task?from=${stats.date}&to=${yesterday}`)).status,
    ).toBe(400);
    expect((await admin.get('/analytics/summary?date=2026-02-30')).status).toBe(400);
  });

  it('reads v1 task events from an old producer like v2 ones: same ledger, Jira id split, same figures', async () => {
    const worker = byRole('worker')[0];
    const now = () => new Date().toISOString();
    const wire = (name: string, version: number, data: object) =>
      JSON.stringify(envelope(name, version, data, 'tasks'));
    const publish = (topic: string, key: string, value: string) => stack.publish(topic, key, value);
    const legacy = randomUUID();
    const modern = randomUUID();
    // An old tasks service: v1 CUD and TaskAdded with the Jira id inside the title …
    await publish(
      'tasks-stream',
      legacy,
      wire('TaskCreated', 1, {
        public_id: legacy,
        title: '[UBERPOP-77] Legacy task',
        description: '',
        status: 'open',
        assignee_id: worker.id,
        version: 1,
        created_at: now(),
        completed_at: null,
      }),
    );
    await publish(
      'tasks-lifecycle',
      legacy,
      wire('TaskAdded', 1, {
        task_id: legacy,
        title: '[UBERPOP-77] Legacy task',
        description: '',
        assignee_id: worker.id,
        created_at: now(),
      }),
    );
    // … and a new one: v2 with jira_id.
    await publish(
      'tasks-stream',
      modern,
      wire('TaskCreated', 2, {
        public_id: modern,
        title: 'Modern task',
        jira_id: 'UBERPOP-78',
        description: '',
        status: 'open',
        assignee_id: worker.id,
        version: 1,
        created_at: now(),
        completed_at: null,
      }),
    );
    await publish(
      'tasks-lifecycle',
      modern,
      wire('TaskAdded', 2, {
        task_id: modern,
        title: 'Modern task',
        jira_id: 'UBERPOP-78',
        description: '',
        assignee_id: worker.id,
        created_at: now(),
      }),
    );
    for (const id of [legacy, modern]) {
      await publish(
        'tasks-lifecycle',
        id,
        wire('TaskAssigned', 1, {
          task_id: id,
          assignee_id: worker.id,
          reason: 'created',
          shuffle_id: null,
          assigned_at: now(),
        }),
      );
      await publish(
        'tasks-lifecycle',
        id,
        wire('TaskCompleted', 1, { task_id: id, assignee_id: worker.id, completed_at: now() }),
      );
    }
    const shape = (entries: Entry[], id: string) =>
      entries
        .filter((e) => e.taskId === id)
        .map((e) => [e.kind, e.description.replace(/UBERPOP-7[78]\] \w+/, 'ID] X')])
        .sort();
    await eventually(
      async () => {
        const entries = await entriesOf(worker.id);
        expect(shape(entries, legacy)).toHaveLength(2);
        expect(shape(entries, legacy)).toEqual(shape(entries, modern));
        expect(
          entries
            .filter((e) => e.taskId === legacy)
            .map((e) => e.description)
            .sort(),
        ).toEqual([
          'Assignment fee: [UBERPOP-77] Legacy task',
          'Completion reward: [UBERPOP-77] Legacy task',
        ]);
      },
      { timeoutMs: 15_000 },
    );
    await eventually(
      async () => {
        const stats = (await admin.get('/accounting/stats/today')).body;
        expect((await admin.get('/analytics/summary')).body.managementEarnings).toBe(
          stats.managementEarnings,
        );
      },
      { timeoutMs: 15_000 },
    );
  });
});
