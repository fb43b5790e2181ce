// The story of the issue through the dashboards alone, in real Chromium, on the embedded default (the e2e stack
// on the PostgreSQL event log). The API is read only to compare what the screens show with it.
import { Api } from '@ates/e2e-app/src/client';
import { ADMIN_PASSWORD, Stack } from '@ates/e2e-app/src/stack';
import { eventually } from '@ates/testing';
import { Chromium } from './browser';
import { checked, checkScreen, settled } from './screens';
import { Ui } from './ui';

const PASSWORD = 'popug-pass-1';
const run = Date.now().toString(36).slice(-5);
const name = (who: string) => `${who}${run}`;
const money = (cents: number) =>
  `${cents < 0 ? '-' : ''}$${Math.floor(Math.abs(cents) / 100).toLocaleString('en-US')}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

const stack = new Stack();
let chromium: Chromium;
let api: Api;

async function as(username: string, password = PASSWORD): Promise<Ui> {
  const page = await chromium.page(stack.gateway);
  const ui = new Ui(page);
  await ui.logIn(username, password);
  return ui;
}

async function newPopug(who: string, fullName: string): Promise<void> {
  const page = await chromium.page(stack.gateway);
  const ui = new Ui(page);
  await ui.signUp(name(who), PASSWORD, fullName);
  await ui.logOut();
  await page.context().close();
}

const tokenOf = async (username: string, password = PASSWORD) =>
  ((await api.post('/auth/login', { username, password })).body as { accessToken: string }).accessToken;

beforeAll(async () => {
  await stack.start();
  chromium = await Chromium.launch();
  api = new Api(stack.gateway);
}, 240_000);

afterAll(async () => {
  await chromium?.close();
  await stack.stop();
  console.log(`axe: no serious or critical violation on ${checked.length} screens: ${checked.join(', ')}`);
});

describe('the gateway serving the dashboards', () => {
  it('serves them at / without shadowing the API, Swagger or health', async () => {
    const page = await fetch(`${stack.gateway}/`);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await (await fetch(`${stack.gateway}/config.json`)).json()).toEqual({ timezone: 'UTC' });
    const tasks = await fetch(`${stack.gateway}/tasks`, { headers: { accept: 'text/html' } });
    expect([tasks.status, await tasks.json()]).toEqual([
      401,
      { statusCode: 401, message: 'Missing bearer token', error: 'Unauthorized' },
    ]);
    expect((await fetch(`${stack.gateway}/analytics`)).status).toBe(401);
    expect((await fetch(`${stack.gateway}/docs-json`)).status).toBe(200);
    expect((await fetch(`${stack.gateway}/health`)).status).toBe(200);
  });
});

describe('the dashboards, through the UI alone', () => {
  let admin: Ui;

  it('logs the admin in by keyboard, showing the API errors first (wrong password, throttled)', async () => {
    const page = await chromium.page(stack.gateway);
    admin = new Ui(page);
    await admin.open('/login', 'Log in');
    await checkScreen(page, 'anonymous-login');
    await admin.submitLogin('admin', 'not-the-password');
    expect(await admin.loginError()).toBe('Invalid username or password');
    await checkScreen(page, 'anonymous-login-error');
    // Someone guessing: after five failures the API throttles that username, and the form says for how long.
    const message = await eventually(
      async () => {
        await admin.submitLogin(`ghost${run}`, 'guess-guess');
        await settled(page);
        const text = (await admin.alert().textContent()) ?? '';
        if (!text.startsWith('Too many failed attempts')) throw new Error(text);
        return text;
      },
      { timeoutMs: 30_000, intervalMs: 10 },
    );
    expect(message).toMatch(/^Too many failed attempts; retry in \d+ s \(you may try again in \d+ s\)$/);
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await admin.heading('Tasks').waitFor();
    await settled(page);
  });

  it('shows the 400 for a bracket in the title and the 409 when nobody is eligible', async () => {
    expect(await admin.createTask('Fix [UBERPOP-1] the button')).toBe(
      'title must not contain "[" or "]": put the Jira id in jiraId instead',
    );
    const conflict = await admin.createTask('Nobody to do it', 'UBERPOP-1');
    const direct = await api.as(await tokenOf('admin', ADMIN_PASSWORD)).post('/tasks', { title: 'x' });
    expect(direct.status).toBe(409);
    expect(conflict).toBe(direct.body.message);
    await checkScreen(admin.page, 'admin-tasks-errors');
  });

  it('lets popugs sign up, then the admin makes a manager and an accountant', async () => {
    const page = await chromium.page(stack.gateway);
    await new Ui(page).open('/signup', 'Sign up');
    await checkScreen(page, 'anonymous-signup');
    await page.context().close();
    await newPopug('boss', 'Big Boss');
    await newPopug('counter', 'Count Popug');
    await admin.nav('Accounts');
    await admin.page.getByLabel(`Role of ${name('boss')}`).selectOption('manager');
    await admin.page.getByText(`${name('boss')} is now manager.`).waitFor();
    await admin.page.getByLabel(`Role of ${name('counter')}`).selectOption('accountant');
    await admin.page.getByText(`${name('counter')} is now accountant.`).waitFor();
    await checkScreen(admin.page, 'admin-accounts');
    const accounts = (await api.as(await tokenOf('admin', ADMIN_PASSWORD)).get('/auth/accounts')).body as {
      username: string;
      role: string;
    }[];
    expect(accounts.find((a) => a.username === name('boss'))?.role).toBe('manager');
    expect(accounts.find((a) => a.username === name('counter'))?.role).toBe('accountant');
  });

  it('signs workers up', async () => {
    await newPopug('kesha', 'Kesha Popug');
    await newPopug('gosha', 'Gosha Popug');
  });

  let kesha: Ui;
  let boss: Ui;
  let done: string;

  it('has tasks created by several roles; a worker completes their own and sees the reward arrive', async () => {
    await admin.nav('Tasks');
    expect(await admin.createTask('Paint the button green', 'UBERPOP-10', 'A nicer green')).toMatch(
      /^Created/,
    );
    boss = await as(name('boss'));
    expect(await boss.createTask('Plan the next sprint', 'UBERPOP-11')).toMatch(/^Created/);
    kesha = await as(name('kesha'));
    // The assignee is random (kesha, gosha or the accountant): kesha creates tasks until one is hers.
    let mine: string[] = [];
    for (let i = 1; mine.length === 0 && i <= 30; i++) {
      expect(await kesha.createTask(`Kesha's chore ${i}`, `KESHA-${i}`)).toMatch(/^Created/);
      mine = await kesha.myOpenTasks();
    }
    expect(mine.length).toBeGreaterThan(0);
    done = mine[0];
    await checkScreen(kesha.page, 'worker-tasks');
    const item = kesha.page
      .getByRole('list', { name: 'My open tasks' })
      .getByRole('listitem')
      .filter({ hasText: done });
    await item.getByRole('button', { name: 'Complete', exact: true }).click();
    await kesha.page.getByText('Your balance is being updated…').waitFor();
    await kesha.page.getByText(/^Reward \$\d+\.\d\d for .* arrived: balance -?\$[\d,]+\.\d\d\.$/).waitFor();
    await kesha.nav('My account');
    const reward = kesha.page
      .getByRole('row')
      .filter({ hasText: 'Completion reward' })
      .filter({ hasText: done.replace(/^\[[^\]]+\] /, '') });
    await reward.waitFor();
    const me = (await api.as(await tokenOf(name('kesha'))).get('/accounting/me')).body as { balance: number };
    expect(await kesha.figure('balance')).toBe(money(me.balance));
    await checkScreen(kesha.page, 'worker-my-account');
  });

  it('keeps the access token in memory and the refresh token in an HttpOnly, SameSite=Strict cookie', async () => {
    const storage = await kesha.page.evaluate('[localStorage.length, sessionStorage.length]');
    expect(storage).toEqual([0, 0]);
    const cookies = await kesha.page.context().cookies();
    expect(
      cookies.map(({ name: n, path, httpOnly, sameSite, secure }) => ({
        n,
        path,
        httpOnly,
        sameSite,
        secure,
      })),
    ).toEqual([
      { n: 'ates_refresh', path: '/session/refresh', httpOnly: true, sameSite: 'Strict', secure: false },
    ]);
    expect(await kesha.page.evaluate('document.cookie')).toBe('');
    // CSRF: the cookie alone is refused without the session header, or from another origin (and stays valid).
    const cookie = `ates_refresh=${cookies[0].value}`;
    const refresh = (headers: Record<string, string>) =>
      fetch(`${stack.gateway}/session/refresh`, { method: 'POST', headers: { cookie, ...headers } });
    expect((await refresh({})).status).toBe(403);
    expect((await refresh({ 'x-ates-session': '1', origin: 'https://evil.example' })).status).toBe(403);
    await kesha.page.reload(); // the access token is gone; the cookie brings the session back
    await kesha.heading('My account').waitFor();
  });

  it('shows a worker no Shuffle button and "not allowed" on /analytics', async () => {
    await kesha.nav('Tasks');
    expect(await kesha.page.getByRole('button', { name: 'Shuffle' }).count()).toBe(0);
    const links = await kesha.page.getByRole('navigation').getByRole('link').allTextContents();
    expect(links).toEqual(['Tasks', 'My account']);
    await kesha.page.goto('/#/analytics');
    await kesha.heading('Not allowed').waitFor();
    expect(await kesha.alert().textContent()).toBe(
      `Analytics is for admin only; you are logged in as ${name('kesha')} (worker).`,
    );
    await checkScreen(kesha.page, 'worker-analytics-not-allowed');
  });

  it('lets the manager shuffle, showing how many tasks were reassigned', async () => {
    await boss.nav('Tasks');
    const open = (await api.as(await tokenOf(name('boss'))).get('/tasks?status=open&limit=500'))
      .body as unknown[];
    await checkScreen(boss.page, 'manager-tasks');
    await boss.page.getByRole('button', { name: 'Shuffle', exact: true }).click();
    await boss.page
      .getByText(`Reassigned ${open.length} open task${open.length === 1 ? '' : 's'}.`)
      .waitFor();
  });

  it("shows the accountant the day's earnings equal to the API's", async () => {
    const counter = await as(name('counter'));
    const links = await counter.page.getByRole('navigation').getByRole('link').allTextContents();
    expect(links).toEqual(['Tasks', 'My account', 'Accounting']);
    const accountant = api.as(await tokenOf(name('counter')));
    await eventually(
      async () => {
        await counter.open('/accounting', 'Accounting');
        const shown = await counter.figure('earnings-today');
        const { managementEarnings } = (await accountant.get('/accounting/stats/today')).body;
        expect(shown).toBe(money(managementEarnings));
        expect(managementEarnings).not.toBe(0);
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    await checkScreen(counter.page, 'accountant-accounting');
    await counter.page.getByRole('button', { name: `View log of ${name('kesha')}` }).click();
    await counter.page.getByRole('row').filter({ hasText: 'Completion reward' }).first().waitFor();
    await checkScreen(counter.page, 'accountant-accounting-account-log');
    await counter.nav('My account');
    await checkScreen(counter.page, 'accountant-my-account');
    await counter.nav('Tasks');
    await checkScreen(counter.page, 'accountant-tasks');
  });

  it('lets the admin close the day after confirming, showing the payouts', async () => {
    await admin.nav('Accounting');
    await checkScreen(admin.page, 'admin-accounting');
    await admin.page.getByRole('button', { name: 'Close the day', exact: true }).click();
    await admin.page.getByRole('dialog', { name: 'Close the day?' }).waitFor();
    await checkScreen(admin.page, 'admin-accounting-close-confirm');
    await admin.page.getByRole('button', { name: 'Confirm', exact: true }).click();
    const result = await admin.figure('close-result');
    const cycles = (await api.as(await tokenOf('admin', ADMIN_PASSWORD)).get('/accounting/billing-cycles'))
      .body as {
      status: string;
      date: string;
      payouts: number;
      totalPaid: number;
    }[];
    const closed = cycles.find((c) => c.status === 'closed');
    if (!closed) throw new Error('no closed billing cycle');
    expect(result).toBe(
      `Closed ${closed.date}: ${closed.payouts} payout${closed.payouts === 1 ? '' : 's'}, ${money(closed.totalPaid)} in total.`,
    );
    // Every positive balance was paid: none is left.
    const balances = (await api.as(await tokenOf('admin', ADMIN_PASSWORD)).get('/accounting/accounts'))
      .body as {
      balance: number;
    }[];
    expect(balances.filter((b) => b.balance > 0)).toEqual([]);
    await settled(admin.page);
    await checkScreen(admin.page, 'admin-accounting-closed');
  });

  it("shows the admin analytics figures equal to the API's", async () => {
    const token = await tokenOf('admin', ADMIN_PASSWORD);
    await eventually(
      async () => {
        await admin.open('/analytics', 'Analytics');
        const summary = (await api.as(token).get('/analytics/summary')).body;
        const accounting = (await api.as(token).get('/accounting/stats/today')).body;
        expect(summary.managementEarnings).toBe(accounting.managementEarnings);
        expect(await admin.figure('analytics-earnings')).toBe(money(summary.managementEarnings));
        expect(await admin.figure('analytics-red')).toBe(String(summary.negativeBalanceAccounts));
        const [today] = (await api.as(token).get('/analytics/most-expensive-tasks')).body;
        expect(today.task).not.toBeNull();
        const row = admin.page.getByRole('region', { name: 'Most expensive tasks' }).getByRole('row').last();
        expect(await row.textContent()).toContain(
          `${today.task.title}${today.task.jiraId ?? '—'}${money(today.task.reward)}`,
        );
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    await checkScreen(admin.page, 'admin-analytics');
    await admin.nav('My account');
    await checkScreen(admin.page, 'admin-my-account');
    await admin.nav('Tasks');
    await checkScreen(admin.page, 'admin-tasks');
  });

  it("shows a deactivated popug the API's message at login", async () => {
    await admin.nav('Accounts');
    await admin.page.getByRole('button', { name: `Deactivate ${name('gosha')}` }).click();
    await admin.page.getByText(`${name('gosha')} is deactivated.`).waitFor();
    const page = await chromium.page(stack.gateway);
    const gosha = new Ui(page);
    await gosha.submitLogin(name('gosha'), PASSWORD);
    expect(await gosha.loginError()).toBe('Account is deactivated');
    await checkScreen(page, 'anonymous-login-deactivated');
    await page.context().close();
  });

  it('logs out through the cookie: the refresh token stops working', async () => {
    await kesha.logOut();
    expect(await kesha.page.context().cookies()).toEqual([]);
    await kesha.page.goto('/#/tasks');
    await kesha.heading('Log in').waitFor();
  });
});
