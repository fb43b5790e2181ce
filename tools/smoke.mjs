#!/usr/bin/env node
// `npm run smoke`: calls every route of API.md through a running gateway (GATEWAY_URL, default
// http://localhost:3000) and checks the status each answers. Signs up three popugs of its own, makes one a
// manager, creates and completes tasks, shuffles, closes a billing day and reads every figure. Exits 1 on the
// first route that answers otherwise. The admin password: ATES_ADMIN_PASSWORD, else the development default.
// `npm run smoke -- --again <run id>` checks that a run's popugs and tasks are still there (after a restart).
import './env.cjs';

const USAGE = `usage: npm run smoke [-- --again <run id>]

Calls every route of API.md through a running gateway as admin, a manager and workers (signed up by the run) and
checks the status each answers; exits 1 at the first that differs. Prints the run id at the end.

  --again <run id>   after a restart: checks that that run's popugs, tasks and entries are still there
  --help, -h         this text

environment (.env is read): GATEWAY_URL (default http://localhost:3000), ATES_ADMIN_PASSWORD (default the
development password popug-admin-dev)`;
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const gateway = (process.env.GATEWAY_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const adminPassword = process.env.ATES_ADMIN_PASSWORD ?? 'popug-admin-dev';
const PASSWORD = 'smoke-pass-1';
let checked = 0;

/**
 * @param {string} method
 * @param {string} path
 * @param {{ token?: string, body?: unknown, expect?: number }} [options]
 */
async function call(method, path, { token, body, expect } = {}) {
  const response = await fetch(`${gateway}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : undefined;
  if (response.status !== expect) {
    console.error(`✗ ${method} ${path}: ${response.status}, expected ${expect}: ${text.slice(0, 300)}`);
    process.exit(1);
  }
  checked++;
  console.log(`✓ ${method} ${path} → ${response.status}`);
  return data;
}

const login = async (username, password = PASSWORD) =>
  (await call('POST', '/auth/login', { body: { username, password }, expect: 200 })).accessToken;
const waitFor = async (what, probe) => {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.error(`✗ ${what} within 15 s`);
  process.exit(1);
};

async function again(run) {
  const token = await login(`smoke_${run}_w1`);
  const tasks = await call('GET', '/tasks/mine?status=done', { token, expect: 200 });
  if (tasks.length === 0) throw new Error(`run ${run}: the completed task is gone`);
  const me = await call('GET', '/accounting/me/transactions', { token, expect: 200 });
  console.log(`run ${run}: popugs, ${tasks.length} done task(s) and ${me.length} entries of today are there`);
}

async function smoke() {
  const run = Date.now().toString(36);
  await call('GET', '/health', { expect: 200 });
  await call('GET', '/auth/.well-known/jwks.json', { expect: 200 });
  const admin = await login('admin', adminPassword);
  const popugs = [];
  for (const name of ['w1', 'w2', 'boss']) {
    const username = `smoke_${run}_${name}`;
    const body = { username, email: `${username}@popug.inc`, password: PASSWORD, fullName: `Smoke ${name}` };
    popugs.push(await call('POST', '/auth/signup', { body, expect: 201 }));
  }
  const [w1, , boss] = popugs;
  await call('POST', '/auth/signup', {
    body: { username: w1.username, email: 'x@popug.inc', password: PASSWORD, fullName: 'x' },
    expect: 409,
  });
  await call('PATCH', `/auth/accounts/${boss.id}`, { token: admin, body: { role: 'manager' }, expect: 200 });
  await call('GET', '/auth/accounts', { token: admin, expect: 200 });
  const pair = await call('POST', '/auth/login', {
    body: { username: w1.username, password: PASSWORD },
    expect: 200,
  });
  const renewed = await call('POST', '/auth/refresh', {
    body: { refreshToken: pair.refreshToken },
    expect: 200,
  });
  await call('POST', '/auth/refresh', { body: { refreshToken: pair.refreshToken }, expect: 401 });
  await call('POST', '/auth/logout', {
    token: renewed.accessToken,
    body: { refreshToken: renewed.refreshToken },
    expect: 204,
  });
  const me = await call('GET', '/auth/me', { token: renewed.accessToken, expect: 200 });
  const bossToken = await login(boss.username);
  // Tasks reach only popugs tasks knows of: wait for the accounts to arrive.
  const task = await call('POST', '/tasks', {
    token: bossToken,
    body: { title: `Smoke ${run}`, jiraId: 'SMOKE-1', description: 'made by npm run smoke' },
    expect: 201,
  });
  await call('GET', '/tasks?status=open&limit=5', { token: admin, expect: 200 });
  await call('GET', `/tasks/${task.id}`, { token: admin, expect: 200 });
  await call('POST', '/tasks/shuffle', { token: bossToken, expect: 200 });
  await call('POST', '/tasks/shuffle', { token: renewed.accessToken, expect: 403 });
  // Completed by whoever holds it now; a task of w1's own for the restart check.
  const current = await call('GET', `/tasks/${task.id}`, { token: admin, expect: 200 });
  let mine = (await call('GET', '/tasks/mine?status=open', { token: renewed.accessToken, expect: 200 }))[0];
  // Assignees are random among every eligible popug in the system (more with each run): try until one is w1's.
  for (let i = 0; !mine && i < 500; i++) {
    await call('POST', '/tasks', { token: bossToken, body: { title: `Smoke ${run} #${i}` }, expect: 201 });
    mine = (await call('GET', '/tasks/mine?status=open', { token: renewed.accessToken, expect: 200 }))[0];
  }
  if (!mine) throw new Error('no task was ever assigned to the first popug');
  await call('POST', `/tasks/${mine.id}/complete`, { token: renewed.accessToken, expect: 200 });
  await call('POST', `/tasks/${mine.id}/complete`, { token: renewed.accessToken, expect: 409 });
  if (current.assigneeId !== me.id)
    await call('POST', `/tasks/${task.id}/complete`, { token: renewed.accessToken, expect: 403 });
  await waitFor('accounting to see the completion', async () => {
    const entries = await call('GET', '/accounting/me/transactions', {
      token: renewed.accessToken,
      expect: 200,
    });
    return entries.some((e) => e.kind === 'completion_reward');
  });
  await call('GET', '/accounting/me', { token: renewed.accessToken, expect: 200 });
  await call('GET', '/accounting/accounts', { token: admin, expect: 200 });
  await call('GET', `/accounting/accounts/${me.id}`, { token: admin, expect: 200 });
  await call('GET', `/accounting/accounts/${me.id}/transactions`, { token: admin, expect: 200 });
  await call('GET', '/accounting/accounts', { token: renewed.accessToken, expect: 403 });
  await call('GET', '/accounting/stats/today', { token: admin, expect: 200 });
  await call('GET', '/accounting/stats/daily', { token: admin, expect: 200 });
  await call('POST', '/accounting/billing-cycles/close', { token: admin, expect: 200 });
  await call('GET', '/accounting/billing-cycles', { token: admin, expect: 200 });
  await call('GET', '/analytics/summary', { token: admin, expect: 200 });
  await call('GET', '/analytics/most-expensive-task', { token: admin, expect: 200 });
  await call('GET', '/analytics/most-expensive-tasks?granularity=week', { token: admin, expect: 200 });
  await call('GET', '/analytics/summary', { token: bossToken, expect: 403 });
  await call('GET', '/tasks', { expect: 401 });
  console.log(
    `\nsmoke ok: ${checked} calls answered as API.md says (run id ${run}; \`npm run smoke -- --again ${run}\` after a restart)`,
  );
}

const at = process.argv.indexOf('--again');
if (at >= 0 && !process.argv[at + 1]) {
  console.error(USAGE);
  process.exit(2);
}
(at >= 0 ? again(process.argv[at + 1]) : smoke()).catch((error) => {
  console.error(`✗ ${error.message}`);
  process.exit(1);
});
