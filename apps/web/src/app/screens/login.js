// Log in and sign up. Errors are the API's own messages: wrong password, throttled (with its retry time),
// deactivated account, username taken…
import { api, logIn } from '../api.js';
import { busy, field, h, messageOf, show } from '../dom.js';

function input(name, type = 'text', attrs = {}) {
  return h('input', { name, type, required: true, ...attrs });
}

function loginFailure(error) {
  const retry =
    error.status === 429 && error.retryAfter ? ` (you may try again in ${error.retryAfter} s)` : '';
  return h('p', { role: 'alert', class: 'error' }, `${messageOf(error)}${retry}`);
}

export function loginScreen({ go, after, notice }) {
  const username = input('username', 'text', { autocomplete: 'username' });
  const password = input('password', 'password', { autocomplete: 'current-password' });
  const out = h('div', { class: 'out' });
  const submit = h('button', { type: 'submit' }, 'Log in');
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    field('Username', username),
    field('Password', password),
    submit,
    out,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, out, async () => {
      try {
        await logIn(username.value.trim(), password.value);
        show(out);
        go(after || '/tasks');
      } catch (error) {
        show(out, loginFailure(error));
      }
    });
  });
  return [
    h('h1', {}, 'Log in'),
    notice ? h('p', { role: 'status', class: 'ok' }, notice) : null,
    form,
    h('p', {}, 'New here? ', h('a', { href: '#/signup' }, 'Create an account')),
  ];
}

export function signupScreen(context) {
  const fields = {
    username: input('username', 'text', { autocomplete: 'username', minlength: 3, maxlength: 32 }),
    email: input('email', 'email', { autocomplete: 'email' }),
    fullName: input('fullName', 'text', { autocomplete: 'name' }),
    password: input('password', 'password', { autocomplete: 'new-password', minlength: 8 }),
  };
  const out = h('div', { class: 'out' });
  const submit = h('button', { type: 'submit' }, 'Sign up');
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    field('Username', fields.username),
    h('p', { class: 'muted', id: 'username-hint' }, '3–32 characters: a–z, 0–9, _ . -'),
    field('E-mail', fields.email),
    field('Full name', fields.fullName),
    field('Password', fields.password),
    h('p', { class: 'muted' }, 'At least 8 characters.'),
    submit,
    out,
  );
  fields.username.setAttribute('aria-describedby', 'username-hint');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = Object.fromEntries(Object.entries(fields).map(([key, el]) => [key, el.value.trim()]));
    body.password = fields.password.value;
    void busy(submit, out, async () => {
      await api('POST', '/auth/signup', body);
      await logIn(body.username, body.password);
      context.go('/tasks');
    });
  });
  return [
    h('h1', {}, 'Sign up'),
    form,
    h('p', {}, 'Already have an account? ', h('a', { href: '#/login' }, 'Log in')),
  ];
}
