import type { GatewayConfig } from '@ates/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify, { FastifyInstance } from 'fastify';
import { sign } from 'jsonwebtoken';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerProxies } from './register-proxies';

/**
 * The proxies on a real Fastify, in front of a stand-in accounting (a plain HTTP server that also serves the
 * JWKS): a slow prefix keeps its own, longer upstream timeout, every other route the common one.
 */
describe('gateway proxies: upstream timeouts per prefix', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let upstream: Server;
  let gateway: FastifyInstance;
  const token = sign({ role: 'admin', username: 'root', jti: randomUUID(), ver: 1 }, privateKey, {
    algorithm: 'RS256',
    keyid: 'test-key',
    subject: randomUUID(),
    issuer: 'ates-auth',
    audience: 'ates',
    expiresIn: 600,
  });

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      if (request.url === '/.well-known/jwks.json') {
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(JSON.stringify({ keys: [jwk] }));
      }
      // Every route of the stand-in answers after 600 ms, twice the common timeout of this test.
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ path: request.url }));
      }, 600);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const config = {
      services: { auth: url, tasks: url, accounting: url, analytics: url },
      jwt: { jwksUrl: `${url}/.well-known/jwks.json`, issuer: 'ates-auth', audience: 'ates' },
    } as unknown as GatewayConfig;
    gateway = Fastify();
    await registerProxies(gateway as unknown as NestFastifyApplication, config, {
      default: 300,
      slow: [{ prefix: '/accounting/billing-cycles', ms: 5_000 }],
    });
    await gateway.ready();
  });

  afterAll(async () => {
    await gateway.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  const call = (method: 'GET' | 'POST', url: string, auth = true) =>
    gateway.inject({ method, url, headers: auth ? { authorization: `Bearer ${token}` } : {} });

  it('waits for a slow close under its own timeout, and relays its answer', async () => {
    const reply = await call('POST', '/accounting/billing-cycles/close');
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ path: '/accounting/billing-cycles/close' });
  });

  it('answers 504 when another route of the same service is slower than the common timeout', async () => {
    const reply = await call('GET', '/accounting/stats/today');
    expect(reply.statusCode).toBe(504);
    expect(reply.json()).toMatchObject({ message: 'accounting did not answer in time' });
  });

  it('still refuses a request without a token on the slow prefix', async () => {
    expect((await call('POST', '/accounting/billing-cycles/close', false)).statusCode).toBe(401);
  });
});
