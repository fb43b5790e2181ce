// The dashboards: hash routes (`/#/tasks`…), so no path of the API is ever shadowed. Navigation shows only what
// the role may see; a forbidden route shows "Not allowed".
import { currentUser, logOut, onSessionChange, restoreSession } from './api.js';
import { h, show } from './dom.js';
import { accountScreen } from './screens/account.js';
import { accountingScreen } from './screens/accounting.js';
import { accountsScreen } from './screens/accounts.js';
import { analyticsScreen } from './screens/analytics.js';
import { loginScreen, signupScreen } from './screens/login.js';
import { tasksScreen } from './screens/tasks.js';

const EVERYONE = ['worker', 'manager', 'accountant', 'admin'];
export const ROUTES = [
  { path: '/tasks', name: 'Tasks', roles: EVERYONE, render: tasksScreen },
  { path: '/account', name: 'My account', roles: EVERYONE, render: accountScreen },
  { path: '/accounting', name: 'Accounting', roles: ['admin', 'accountant'], render: accountingScreen },
  { path: '/analytics', name: 'Analytics', roles: ['admin'], render: analyticsScreen },
  { path: '/accounts', name: 'Accounts', roles: ['admin'], render: accountsScreen },
];
const PUBLIC = { '/login': loginScreen, '/signup': signupScreen };

const main = document.getElementById('main');
const context = { config: { timezone: 'UTC' }, go };

function currentPath() {
  const path = location.hash.replace(/^#/, '').split('?')[0];
  return path.startsWith('/') ? path : '';
}

function go(path) {
  if (location.hash === `#${path}`) render();
  else location.hash = `#${path}`;
}

function renderNav(user, path) {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!user) {
    show(nav);
    show(who);
    return;
  }
  show(
    nav,
    ROUTES.filter((route) => route.roles.includes(user.role)).map((route) =>
      h(
        'li',
        {},
        h('a', { href: `#${route.path}`, 'aria-current': route.path === path ? 'page' : null }, route.name),
      ),
    ),
  );
  const out = h('button', { type: 'button', class: 'secondary' }, 'Log out');
  out.addEventListener('click', async () => {
    out.disabled = true;
    await logOut();
    go('/login');
  });
  show(who, h('span', {}, `${user.username} (${user.role})`), out);
}

function notAllowed(route, user) {
  return [
    h('h1', {}, 'Not allowed'),
    h(
      'p',
      { role: 'alert' },
      `${route.name} is for ${route.roles.join(' and ')} only; you are logged in as ${user.username} (${user.role}).`,
    ),
    h('p', {}, h('a', { href: '#/tasks' }, 'Back to Tasks')),
  ];
}

let rendering = 0;
async function render() {
  const path = currentPath();
  const user = currentUser();
  const ticket = ++rendering;
  renderNav(user, path);
  if (PUBLIC[path]) {
    document.title = `${path === '/login' ? 'Log in' : 'Sign up'} — aTES`;
    return show(main, await PUBLIC[path](context));
  }
  const route = ROUTES.find((r) => r.path === path);
  if (!user) {
    context.after = route ? path : '/tasks';
    return go('/login');
  }
  if (!route) return go('/tasks');
  document.title = `${route.name} — aTES`;
  if (!route.roles.includes(user.role)) return show(main, notAllowed(route, user));
  const screen = await route.render({ ...context, user });
  if (ticket === rendering) show(main, screen);
}

async function start() {
  document.getElementById('skip').addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  context.config = await fetch('/config.json')
    .then((response) => response.json())
    .catch(() => context.config);
  await restoreSession();
  onSessionChange((user) => !user && currentPath() !== '/login' && go('/login'));
  window.addEventListener('hashchange', () => render().then(() => main.focus()));
  await render();
}

void start();
