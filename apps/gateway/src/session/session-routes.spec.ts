import Fastify, { FastifyInstance } from 'fastify';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sessionRoutes } from './register-session';

/**
 * The session routes on a real Fastify, in front of a stand-in for auth's API (a plain HTTP server answering as
 * API.md says): cookie attributes, rotation, logout, CSRF refusals and auth's own errors passed through.
 */
describe('gateway session routes', () => {
  let auth: Server;
  let gateway: FastifyInstance;
  const calls: { path: string; body: Record<string, string>; headers: IncomingMessage['headers'] }[] = [];
  let generation = 0;

  beforeAll(async () => {
    auth = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk) => (raw += chunk));
      request.on('end', () => {
        const body = JSON.parse(raw || '{}');
        calls.push({ path: request.url ?? '', body, headers: request.headers });
        const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
          response.writeHead(status, { 'content-type': 'application/json', ...headers });
          response.end(json === undefined ? undefined : JSON.stringify(json));
        };
        const pair = () => ({
          accessToken: `access-${++generation}`,
          refreshToken: `refresh-${generation}`,
          tokenType: 'Bearer',
          expiresIn: 900,
        });
        if (request.url === '/auth/login') {
          if (body.username === 'slow')
            return send(
              429,
              {
                statusCode: 429,
                message: 'Too many failed attempts; retry in 4 s',
                error: 'Too Many Requests',
              },
              { 'retry-after': '4' },
            );
          if (body.password !== 'right-password')
            return send(401, {
              statusCode: 401,
              message: 'Invalid username or password',
              error: 'Unauthorized',
            });
          return send(200, pair());
        }
        if (request.url === '/auth/refresh')
          return body.refreshToken === `refresh-${generation}`
            ? send(200, pair())
            : send(401, {
                statusCode: 401,
                message: 'Invalid or expired refresh token',
                error: 'Unauthorized',
              });
        if (request.url === '/auth/logout') return send(204);
        send(404, { statusCode: 404, message: 'Not Found', error: 'Not Found' });
      });
    });
    await new Promise<void>((resolve) => auth.listen(0, '127.0.0.1', resolve));
    gateway = Fastify({ trustProxy: true });
    await gateway.register(sessionRoutes, {
      authUrl: `http://127.0.0.1:${(auth.address() as AddressInfo).port}`,
    });
    await gateway.ready();
  });

  afterAll(async () => {
    await gateway.close();
    await new Promise((resolve) => auth.close(resolve));
  });

  const session = { 'x-ates-session': '1', origin: 'http://localhost' };
  const login = (password = 'right-password', headers: Record<string, string> = session) =>
    gateway.inject({
      method: 'POST',
      url: '/session/login',
      headers,
      payload: { username: 'kesha', password },
    });

  it('moves the refresh token from the body to an HttpOnly, SameSite=Strict cookie for the refresh path', async () => {
    const reply = await login();
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({
      accessToken: `access-${generation}`,
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    expect(reply.headers['set-cookie']).toBe(
      `ates_refresh=refresh-${generation}; Path=/session/refresh; HttpOnly; SameSite=Strict`,
    );
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(calls.at(-1)?.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('marks the cookie Secure when served over https', async () => {
    const reply = await login('right-password', {
      ...session,
      host: 'ates.example',
      origin: 'https://ates.example',
      'x-forwarded-proto': 'https',
    });
    expect(reply.headers['set-cookie']).toBe(
      `ates_refresh=refresh-${generation}; Path=/session/refresh; HttpOnly; SameSite=Strict; Secure`,
    );
  });

  it("passes auth's errors on as they are, Retry-After included", async () => {
    const wrong = await login('wrong');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().message).toBe('Invalid username or password');
    const throttled = await gateway.inject({
      method: 'POST',
      url: '/session/login',
      headers: session,
      payload: { username: 'slow', password: 'x' },
    });
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers['retry-after']).toBe('4');
    expect(throttled.json().message).toBe('Too many failed attempts; retry in 4 s');
  });

  it('refreshes with the cookie (rotated) and refuses a used one', async () => {
    const first = (await login()).headers['set-cookie'] as string;
    const cookie = first.split(';')[0];
    const refreshed = await gateway.inject({
      method: 'POST',
      url: '/session/refresh',
      headers: { ...session, cookie },
    });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().accessToken).toBe(`access-${generation}`);
    expect(refreshed.headers['set-cookie']).toBe(
      `ates_refresh=refresh-${generation}; Path=/session/refresh; HttpOnly; SameSite=Strict`,
    );
    const reused = await gateway.inject({
      method: 'POST',
      url: '/session/refresh',
      headers: { ...session, cookie },
    });
    expect(reused.statusCode).toBe(401);
    expect(reused.headers['set-cookie']).toBe(
      'ates_refresh=; Path=/session/refresh; HttpOnly; SameSite=Strict; Max-Age=0',
    );
    const none = await gateway.inject({ method: 'POST', url: '/session/refresh', headers: session });
    expect(none.statusCode).toBe(401);
  });

  it('logs out through the cookie: the token family ends at auth and the cookie is cleared', async () => {
    const cookie = ((await login()).headers['set-cookie'] as string).split(';')[0];
    const reply = await gateway.inject({
      method: 'DELETE',
      url: '/session/refresh',
      headers: { ...session, cookie },
    });
    expect(reply.statusCode).toBe(204);
    expect(reply.headers['set-cookie']).toBe(
      'ates_refresh=; Path=/session/refresh; HttpOnly; SameSite=Strict; Max-Age=0',
    );
    const logout = calls.at(-1);
    expect(logout?.path).toBe('/auth/logout');
    expect(logout?.headers.authorization).toBe(`Bearer access-${generation}`);
    expect(logout?.body).toEqual({ refreshToken: `refresh-${generation}` });
  });

  it('refuses cookie requests without the session header or from another origin (CSRF), before auth hears of them', async () => {
    const cookie = ((await login()).headers['set-cookie'] as string).split(';')[0];
    const before = calls.length;
    const bare = await gateway.inject({ method: 'POST', url: '/session/refresh', headers: { cookie } });
    expect([bare.statusCode, bare.json().message]).toEqual([403, 'Missing x-ates-session header']);
    const foreign = await gateway.inject({
      method: 'DELETE',
      url: '/session/refresh',
      headers: { ...session, origin: 'https://evil.example', cookie },
    });
    expect([foreign.statusCode, foreign.json().message]).toEqual([403, 'Cross-site request refused']);
    const form = await gateway.inject({
      method: 'POST',
      url: '/session/login',
      headers: { origin: 'https://evil.example' },
      payload: { username: 'kesha', password: 'right-password' },
    });
    expect(form.statusCode).toBe(403);
    expect(calls.length).toBe(before);
  });
});
