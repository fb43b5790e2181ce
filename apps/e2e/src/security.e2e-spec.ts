import type { BackendService } from '@ates/config';
import { eventually } from '@ates/testing';
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';
import { Api, Reply } from './client';
import { CallerKind, expectedOutcome, ROUTE_MATRIX, RouteCase } from './security/route-matrix';
import { ADMIN_PASSWORD, PORTS, Stack } from './stack';

/**
 * Issue 7 on the running system (real Kafka and PostgreSQL): the authorization matrix through the gateway and
 * straight at each service, token lifecycle, brute-force limits, hostile input, headers, logs and secrets.
 * See docs/security.md for the threat → control → test map.
 */
const ROOT = join(__dirname, '..', '..', '..');
const APP_ORIGIN = 'https://app.popug.inc';
const stack = new Stack();
const gateway = new Api(stack.gateway);
const direct = (service: BackendService) => new Api(`http://127.0.0.1:${PORTS[service]}`);
const PASSWORD = 'matrix-password-1';
/** Every secret sent in this suite: none may appear in any service's log. */
const secrets = new Set<string>([ADMIN_PASSWORD, PASSWORD]);

interface Caller {
  kind: CallerKind;
  id?: string;
  token?: string;
}
const callers = new Map<CallerKind, Caller>();
/** The caller of that kind (set up in beforeAll). */
const caller = (kind: CallerKind): Caller => {
  const found = callers.get(kind);
  if (!found) throw new Error(`no ${kind} caller`);
  return found;
};
const tokenOf = (kind: CallerKind): string => caller(kind).token ?? '';
let admin: Api;
let addressCounter = 0;
/** A fresh client address (X-Forwarded-For, trusted from 127.0.0.1 only) so per-address limits stay out of the way. */
const nextAddress = () => `10.7.${(++addressCounter >> 8) & 255}.${addressCounter & 255}`;

const login = async (username: string, password = PASSWORD) => {
  const reply = await gateway.call(
    'POST',
    '/auth/login',
    { username, password },
    { 'x-forwarded-for': nextAddress() },
  );
  expect(reply.status).toBe(200);
  secrets.add(reply.body.accessToken).add(reply.body.refreshToken);
  return reply.body as { accessToken: string; refreshToken: string };
};
const signUp = async (username: string) => {
  const reply = await gateway.call(
    'POST',
    '/auth/signup',
    { username, email: `${username}@popug.inc`, password: PASSWORD, fullName: username },
    { 'x-forwarded-for': nextAddress() },
  );
  expect(reply.status).toBe(201);
  return reply.body.id as string;
};
const query = (sql: string, params: unknown[] = []) => stack.query(sql, params).then((r) => r.rows);
/** Every service refuses `token` (its replica has seen the change). */
const refusedEverywhere = (token: string) =>
  eventually(
    async () => {
      for (const [service, path] of [
        ['auth', '/auth/me'],
        ['tasks', '/tasks/mine'],
        ['accounting', '/accounting/me'],
        ['analytics', '/analytics/summary'],
      ] as const)
        expect([service, (await direct(service).as(token).get(path)).status]).toEqual([service, 401]);
    },
    { timeoutMs: 20_000 },
  );

beforeAll(async () => {
  await stack.start({ LOG_LEVEL: 'info', CORS_ORIGINS: APP_ORIGIN });
  const adminPair = await login('admin', ADMIN_PASSWORD);
  admin = gateway.as(adminPair.accessToken);
  const adminId = (await admin.get('/auth/me')).body.id as string;
  callers.set('admin', { kind: 'admin', id: adminId, token: adminPair.accessToken });
  callers.set('anonymous', { kind: 'anonymous' });
  for (const role of ['manager', 'accountant', 'worker'] as const) {
    const id = await signUp(`m-${role}`);
    if (role !== 'worker') expect((await admin.patch(`/auth/accounts/${id}`, { role })).status).toBe(200);
    callers.set(role, { kind: role, id, token: (await login(`m-${role}`)).accessToken });
  }
  // A worker deactivated, and one made manager, after they signed in: their tokens still verify but are refused.
  for (const kind of ['deactivated', 'demoted'] as const) {
    const id = await signUp(`m-${kind}`);
    const token = (await login(`m-${kind}`)).accessToken;
    const change = kind === 'deactivated' ? { active: false } : { role: 'manager' };
    expect((await admin.patch(`/auth/accounts/${id}`, change)).status).toBe(200);
    callers.set(kind, { kind, id, token });
  }
  // Signed with auth's real key, every claim right, but expired.
  const [key] = await query(
    `SELECT kid, private_key_pem FROM auth.signing_keys ORDER BY created_at DESC LIMIT 1`,
  );
  const expired = sign(
    { role: 'admin', username: 'admin', jti: randomUUID(), exp: Math.floor(Date.now() / 1000) - 60 },
    String(key.private_key_pem),
    { algorithm: 'RS256', keyid: String(key.kid), issuer: 'ates-auth', audience: 'ates', subject: adminId },
  );
  callers.set('expired', { kind: 'expired', id: adminId, token: expired });
  for (const kind of ['deactivated', 'demoted'] as const) await refusedEverywhere(tokenOf(kind));
}, 240_000);
afterAll(() => stack.stop(), 60_000);

/** A valid request on `route` for `caller`: real ids, a well-formed body; `assigneeId` for the object-level rule. */
async function requestFor(route: RouteCase) {
  const worker = caller('worker');
  const task = async () => (await admin.post('/tasks', { title: `Matrix task ${randomUUID()}` })).body;
  switch (`${route.method} ${route.route}`) {
    case 'POST /auth/signup': {
      const username = `m${randomUUID().slice(0, 8)}`;
      return { body: { username, email: `${username}@popug.inc`, password: PASSWORD, fullName: 'M' } };
    }
    case 'POST /auth/login':
      return { body: { username: 'm-worker', password: PASSWORD } };
    case 'POST /auth/refresh':
      return { body: { refreshToken: (await login('m-worker')).refreshToken } };
    case 'POST /auth/logout':
      return { body: { refreshToken: (await login('m-worker')).refreshToken } };
    case 'PATCH /auth/accounts/{id}':
      return { path: `/auth/accounts/${worker.id}`, body: { fullName: 'Matrix Worker' } };
    case 'POST /tasks':
      return { body: { title: 'Matrix task' } };
    case 'GET /tasks/{id}':
      return { path: `/tasks/${(await task()).id}` };
    case 'POST /tasks/{id}/complete': {
      const t = await task();
      return { path: `/tasks/${t.id}/complete`, assigneeId: t.assigneeId as string };
    }
    case 'GET /accounting/accounts/{id}':
      return { path: `/accounting/accounts/${worker.id}` };
    case 'GET /accounting/accounts/{id}/transactions':
      return { path: `/accounting/accounts/${worker.id}/transactions` };
    default:
      return {};
  }
}

describe('security (OWASP API Top 10) on the running system', () => {
  it('lists in its matrix exactly the routes every service publishes', async () => {
    const published: string[] = [];
    for (const service of ['auth', 'tasks', 'accounting', 'analytics'] as const) {
      const doc = (await direct(service).get('/docs-json')).body as { paths: Record<string, object> };
      for (const [path, methods] of Object.entries(doc.paths))
        for (const method of Object.keys(methods))
          published.push(`${service} ${method.toUpperCase()} ${path}`);
    }
    const listed = ROUTE_MATRIX.map((r) => `${r.service} ${r.method} ${r.route}`);
    expect(listed.sort()).toEqual(published.sort());
  });

  const kinds: CallerKind[] = [
    'anonymous',
    'expired',
    'deactivated',
    'demoted',
    'admin',
    'manager',
    'accountant',
    'worker',
  ];
  for (const route of ROUTE_MATRIX)
    it(`${route.method} ${route.route}: ${Array.isArray(route.access) ? route.access.join(', ') : route.access}`, async () => {
      const seen: string[] = [];
      const wanted: string[] = [];
      for (const via of ['gateway', 'service'] as const)
        for (const kind of kinds) {
          const who = caller(kind);
          const { path = route.route, body, assigneeId } = await requestFor(route);
          const client = via === 'gateway' ? gateway : direct(route.service);
          const api = who.token ? client.as(who.token) : client;
          const reply: Reply = await api.call(route.method, path, body, { 'x-forwarded-for': nextAddress() });
          const outcome = reply.status >= 200 && reply.status < 300 ? 'ok' : reply.status;
          seen.push(`${via} ${kind}: ${outcome}`);
          wanted.push(`${via} ${kind}: ${expectedOutcome(route.access, kind, assigneeId === who.id)}`);
        }
      expect(seen).toEqual(wanted);
    });

  it('lets nobody read another popug’s ledger or complete another popug’s task', async () => {
    const worker = caller('worker');
    const other = { id: await signUp('m-other'), token: (await login('m-other')).accessToken };
    await eventually(async () =>
      expect((await gateway.as(other.token).get('/accounting/me')).status).toBe(200),
    );
    // A task of `worker`'s: only they may complete it; the other worker, a manager and the admin get 403.
    // The matrix signed up some twenty popugs who are eligible too: 60 tries missed `worker` about once in 20
    // runs; 400 miss once in millions.
    let mine: { id: string } | undefined;
    for (let i = 0; i < 400 && !mine; i++) {
      const t = (await admin.post('/tasks', { title: `Owned ${i}` })).body;
      if (t.assigneeId === worker.id) mine = t;
    }
    expect(mine).toBeDefined();
    for (const token of [other.token, tokenOf('manager'), tokenOf('admin')])
      expect((await gateway.as(token).post(`/tasks/${mine!.id}/complete`)).status).toBe(403);
    expect((await gateway.as(worker.token!).post(`/tasks/${mine!.id}/complete`)).status).toBe(200);
    // The ledger of another popug: 403 by role, and /me is always the caller's own.
    for (const path of [
      `/accounting/accounts/${worker.id}`,
      `/accounting/accounts/${worker.id}/transactions`,
    ])
      expect((await gateway.as(other.token).get(path)).status).toBe(403);
    expect((await gateway.as(other.token).get('/accounting/me')).body.accountId).toBe(other.id);
  });

  it('rotates refresh tokens, revokes a whole family on reuse, and ends sessions on deactivation or a role change', async () => {
    await signUp('m-session');
    const first = await login('m-session');
    const refresh = (token: string) =>
      gateway.call('POST', '/auth/refresh', { refreshToken: token }, { 'x-forwarded-for': nextAddress() });
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    secrets.add(second.body.refreshToken).add(second.body.accessToken);
    expect((await refresh(first.refreshToken)).status).toBe(401); // reuse of a rotated token…
    expect((await refresh(second.body.refreshToken)).status).toBe(401); // …revoked its whole family
    const id = (await gateway.as(first.accessToken).get('/auth/me')).body.id;
    for (const change of [{ role: 'accountant' }, { active: false }]) {
      const pair = change.active === false ? await login('m-session') : await login('m-session');
      expect((await admin.patch(`/auth/accounts/${id}`, change)).status).toBe(200);
      expect((await refresh(pair.refreshToken)).status).toBe(401);
      await refusedEverywhere(pair.accessToken);
    }
    expect(
      (await gateway.call('POST', '/auth/login', { username: 'm-session', password: PASSWORD })).status,
    ).toBe(401); // deactivated
  });

  it('publishes the signing keys as RS256 JWKS and refuses tokens that are forged in every known way', async () => {
    const jwks = (await gateway.get('/auth/.well-known/jwks.json')).body as {
      keys: { alg: string; kty: string }[];
    };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) expect(key).toMatchObject({ alg: 'RS256', kty: 'RSA' });
    const [key] = await query(`SELECT kid, private_key_pem FROM auth.signing_keys LIMIT 1`);
    const claims = { role: 'admin', username: 'admin', jti: randomUUID() };
    const good = {
      algorithm: 'RS256' as const,
      keyid: String(key.kid),
      issuer: 'ates-auth',
      audience: 'ates',
      subject: caller('admin').id,
      expiresIn: 60,
    };
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const valid = sign(claims, String(key.private_key_pem), good);
    const forged = {
      'alg none': `${b64({ alg: 'none', kid: key.kid })}.${valid.split('.')[1]}.`,
      'unknown kid': sign(claims, String(key.private_key_pem), { ...good, keyid: 'unknown' }),
      'wrong issuer': sign(claims, String(key.private_key_pem), { ...good, issuer: 'evil' }),
      'wrong audience': sign(claims, String(key.private_key_pem), { ...good, audience: 'other' }),
      'HS256 with the public key': sign(claims, JSON.stringify(jwks.keys[0]), {
        ...good,
        algorithm: 'HS256',
      }),
    };
    for (const api of [gateway, direct('tasks')]) {
      expect((await api.as(valid).get('/tasks/mine')).status).toBe(200);
      for (const [label, token] of Object.entries(forged))
        expect([label, (await api.as(token).get('/tasks/mine')).status]).toEqual([label, 401]);
    }
  });

  it('throttles a guessed password per account and address with growing waits, without locking the owner out', async () => {
    await signUp('m-victim');
    const attempt = (password: string, address: string) =>
      gateway.call('POST', '/auth/login', { username: 'm-victim', password }, { 'x-forwarded-for': address });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt(`wrong-${i}-password`, '10.66.0.1')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const throttled = await attempt(PASSWORD, '10.66.0.1');
    expect(throttled.status).toBe(429); // even the right password, from the attacker's address
    expect(throttled.body.message).toMatch(/retry in \d+ s/);
    // The owner, from another address, signs in at once.
    expect((await attempt(PASSWORD, '10.66.0.2')).status).toBe(200);
  });

  it('answers 429 with Retry-After after too many signups from one address', async () => {
    const signup = (i: number) =>
      gateway.call(
        'POST',
        '/auth/signup',
        { username: `flood${i}`, email: `flood${i}@popug.inc`, password: PASSWORD, fullName: 'F' },
        { 'x-forwarded-for': '10.77.0.1' },
      );
    for (let i = 0; i < 10; i++) expect((await signup(i)).status).toBe(201);
    const refused = await signup(10);
    expect(refused.status).toBe(429);
    const other = await gateway.call(
      'POST',
      '/auth/signup',
      { username: 'flood-other', email: 'flood-other@popug.inc', password: PASSWORD, fullName: 'F' },
      { 'x-forwarded-for': '10.77.0.2' },
    );
    expect(other.status).toBe(201);
  });

  it('answers hostile input with a clear 4xx and changes no data', async () => {
    const worker = gateway.as(tokenOf('worker'));
    const asAdmin = admin;
    const counts = () =>
      query(`SELECT (SELECT count(*) FROM auth.accounts)::int AS accounts, (SELECT count(*) FROM tasks.tasks)::int AS tasks,
                    (SELECT count(*) FROM accounting.entries)::int AS entries,
                    (SELECT string_agg(role || active::text, ',' ORDER BY id) FROM auth.accounts) AS roles`);
    const json = { 'content-type': 'application/json' };
    const workerId = caller('worker').id;
    const cases: [string, () => Promise<Reply>, number][] = [
      [
        'a body over 64 KiB',
        () => worker.raw('POST', '/tasks', JSON.stringify({ title: 'x'.repeat(70_000) }), json),
        413,
      ],
      [
        'JSON nested 5,000 deep',
        () =>
          worker.raw(
            'POST',
            '/tasks',
            `{"title":"x","description":${'['.repeat(5000)}${']'.repeat(5000)}}`,
            json,
          ),
        400,
      ],
      ['malformed JSON', () => worker.raw('POST', '/tasks', '{"title": ', json), 400],
      [
        'a body that is not JSON',
        () => worker.raw('POST', '/tasks', 'title=x', { 'content-type': 'text/plain' }),
        415,
      ],
      ['a title of the wrong type', () => worker.post('/tasks', { title: 123 }), 400],
      ['a title that is an array', () => worker.post('/tasks', { title: ['a'] }), 400],
      ['a null title', () => worker.post('/tasks', { title: null }), 400],
      [
        'fields the client may not set (mass assignment)',
        () => worker.post('/tasks', { title: 'x', status: 'done', assigneeId: workerId }),
        400,
      ],
      [
        'a prototype-polluting body',
        () => worker.raw('POST', '/tasks', '{"title":"x","__proto__":{"role":"admin"}}', json),
        400,
      ],
      [
        'a constructor-polluting body',
        () =>
          worker.raw('POST', '/tasks', '{"title":"x","constructor":{"prototype":{"role":"admin"}}}', json),
        400,
      ],
      ['a title with brackets', () => worker.post('/tasks', { title: '[UBERPOP-1] x' }), 400],
      ['an empty title', () => worker.post('/tasks', { title: '' }), 400],
      ['a title over 200 characters', () => worker.post('/tasks', { title: 'y'.repeat(201) }), 400],
      [
        'a username with a Cyrillic a',
        () =>
          gateway.post('/auth/signup', {
            username: 'аdmin',
            email: 'a1@popug.inc',
            password: PASSWORD,
            fullName: 'A',
          }),
        400,
      ],
      [
        'a username with a zero-width space',
        () =>
          gateway.post('/auth/signup', {
            username: 'admin\u200b',
            email: 'a2@popug.inc',
            password: PASSWORD,
            fullName: 'A',
          }),
        400,
      ],
      [
        'a username in fullwidth letters',
        () =>
          gateway.post('/auth/signup', {
            username: 'ａｄｍｉｎ',
            email: 'a3@popug.inc',
            password: PASSWORD,
            fullName: 'A',
          }),
        400,
      ],
      [
        'a username in capitals (taken in lower case)',
        () =>
          gateway.post('/auth/signup', {
            username: 'ADMIN',
            email: 'a4@popug.inc',
            password: PASSWORD,
            fullName: 'A',
          }),
        400,
      ],
      [
        'signup with a role',
        () =>
          gateway.post('/auth/signup', {
            username: 'sneaky',
            email: 'a5@popug.inc',
            password: PASSWORD,
            fullName: 'A',
            role: 'admin',
          }),
        400,
      ],
      [
        'a role that does not exist',
        () => asAdmin.patch(`/auth/accounts/${workerId}`, { role: 'superadmin' }),
        400,
      ],
      ['active as a string', () => asAdmin.patch(`/auth/accounts/${workerId}`, { active: 'false' }), 400],
      ['a limit of a million', () => worker.get('/tasks?limit=1000000'), 400],
      ['a negative limit', () => worker.get('/tasks?limit=-1'), 400],
      ['a limit that is not a number', () => worker.get('/tasks?limit=abc'), 400],
      ['a malformed task id', () => worker.get('/tasks/not-a-uuid'), 400],
      ['SQL in a task id', () => worker.get(`/tasks/${encodeURIComponent("' OR 1=1 --")}`), 400],
      ['a malformed id to complete', () => worker.post('/tasks/123/complete'), 400],
      ['a malformed account id', () => asAdmin.get('/accounting/accounts/42/transactions'), 400],
      ['a malformed id to update', () => asAdmin.patch('/auth/accounts/xyz', { fullName: 'X' }), 400],
      ['an impossible date', () => asAdmin.get('/accounting/stats/daily?from=2026-02-30&to=2026-03-01'), 400],
      [
        'an SQL date',
        () => asAdmin.get(`/analytics/summary?date=${encodeURIComponent("2026-01-01'; DROP TABLE x; --")}`),
        400,
      ],
    ];
    const before = await counts();
    const seen: string[] = [];
    for (const [label, send, status] of cases) {
      const reply = await send();
      seen.push(`${label}: ${reply.status} (want ${status})`);
      // The standard error shape, no stack trace or SQL.
      expect(Object.keys(reply.body ?? {}).sort()).toEqual(['error', 'message', 'statusCode']);
      expect(JSON.stringify(reply.body)).not.toMatch(/ at \/|\.ts:\d|SELECT |INSERT /);
    }
    expect(seen).toEqual(cases.map(([label, , status]) => `${label}: ${status} (want ${status})`));
    expect(await counts()).toEqual(before);
    // SQL and HTML in titles are data: stored and returned exactly, never run.
    for (const title of [
      `'; DROP TABLE tasks.tasks; --`,
      `<script>alert("popug")</script>`,
      `Robert'); DELETE FROM accounting.entries;--`,
    ]) {
      const created = await worker.post('/tasks', { title });
      expect(created.status).toBe(201);
      expect((await worker.get(`/tasks/${created.body.id}`)).body.title).toBe(title);
    }
    expect((await counts())[0].tasks).toBe(Number(before[0].tasks) + 3);
  });

  it('rotates the signing key: tokens of the old key work until they expire, new tokens carry the new key', async () => {
    const before = await login('m-worker');
    const [old] = await query(`SELECT kid, public_key_pem FROM auth.signing_keys LIMIT 1`);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect((await stack.terminate('auth')).code).toBe(0);
    await stack.restart('auth', {
      AUTH_SIGNING_KEY: pem.replace(/\n/g, '\\n'),
      AUTH_PREVIOUS_PUBLIC_KEYS: String(old.public_key_pem),
    });
    const kids = ((await gateway.get('/auth/.well-known/jwks.json')).body.keys as { kid: string }[]).map(
      (k) => k.kid,
    );
    expect(kids).toHaveLength(2);
    expect(kids[1]).toBe(old.kid);
    const after = await login('m-worker');
    const kidOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid;
    expect(kidOf(after.accessToken)).toBe(kids[0]);
    const targets: [Api, string][] = [
      [gateway, '/tasks/mine'],
      [direct('tasks'), '/tasks/mine'],
      [direct('auth'), '/auth/me'],
    ];
    for (const token of [before.accessToken, after.accessToken])
      for (const [api, path] of targets) expect((await api.as(token).get(path)).status).toBe(200);
  });

  it('sends security headers on every response, and CORS only to configured origins', async () => {
    const worker = tokenOf('worker');
    const responses = [
      await fetch(`${stack.gateway}/health`),
      await fetch(`${stack.gateway}/docs`),
      await fetch(`${stack.gateway}/tasks/mine`), // 401 from the gateway
      await fetch(`${stack.gateway}/tasks/mine`, { headers: { authorization: `Bearer ${worker}` } }), // proxied
      await fetch(`http://127.0.0.1:${PORTS.tasks}/tasks/mine`, {
        headers: { authorization: `Bearer ${worker}` },
      }),
      await fetch(`http://127.0.0.1:${PORTS.auth}/auth/me`), // 401 at a service
    ];
    for (const response of responses) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('content-security-policy')).toContain(`frame-ancestors 'none'`);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
    const preflight = (origin: string) =>
      fetch(`${stack.gateway}/tasks`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
    expect((await preflight(APP_ORIGIN)).headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${stack.gateway}/health`, { headers: { origin: 'https://evil.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses to start in production with a development admin password or without a signing key', async () => {
    const start = (env: NodeJS.ProcessEnv) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['-r', '@swc-node/register', join('apps', 'auth', 'src', 'main.ts')],
          {
            cwd: ROOT,
            env: {
              ...process.env,
              SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
              DATABASE_URL: stack.databaseUrl,
              KAFKA_BROKERS: stack.brokers.join(','),
              AUTH_PORT: '3999',
              NODE_ENV: 'production',
              ...env,
            },
          },
        );
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('exit', (code) => resolve({ code, output }));
      });
    const dev = await start({ ATES_ADMIN_PASSWORD: 'popug-admin-dev' });
    expect(dev.code).toBe(1);
    expect(dev.output).toContain('ATES_ADMIN_PASSWORD is a published development default');
    expect(dev.output).toContain('AUTH_SIGNING_KEY is required in production');
    expect(dev.output).not.toContain('popug-admin-dev'); // the message names the variable, never the value
  });

  it('never writes a password, a token or an Authorization header to a log', () => {
    const dir = join(ROOT, 'tmp', 'e2e-logs');
    const logs = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    expect(logs.length).toBeGreaterThan(10_000); // requests are logged at info level in this suite
    expect(logs).toContain('"authorization":"[redacted]"');
    const leaked = [...secrets].filter((secret) => logs.includes(secret));
    expect(leaked).toEqual([]);
    expect(logs).not.toMatch(/Bearer ey/);
  });
});
