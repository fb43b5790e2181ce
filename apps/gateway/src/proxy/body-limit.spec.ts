// Issue 16 §2: a large body gets 413 at the gateway, an early answer of a service is relayed, and the client's
// keep-alive connection stays usable. A real gateway (the service's own bootstrap) in front of a real HTTP service.
import { readGatewayConfig } from '@ates/config';
import { bootstrapService } from '@ates/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify, { FastifyInstance } from 'fastify';
import { sign } from 'jsonwebtoken';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppModule } from '../app.module';
import { registerProxies } from './register-proxies';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const token = sign({ role: 'worker', username: 'kate' }, privateKey, {
  algorithm: 'RS256',
  keyid: 'k1',
  issuer: 'ates-auth',
  audience: 'ates',
  subject: randomUUID(),
  jwtid: randomUUID(),
  expiresIn: 600,
});

interface Answer {
  status: number;
  body: string;
  reused: boolean;
  connection?: string;
}

/** One request on `agent`; `chunked` sends the body without a Content-Length. */
function send(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  body?: Buffer,
  chunked = false,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { authorization: `Bearer ${token}` };
    if (body) headers['content-type'] = 'application/json';
    if (body && !chunked) headers['content-length'] = body.length;
    const req = httpRequest({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: text,
          reused: req.reusedSocket,
          connection: res.headers.connection,
        }),
      );
    });
    req.on('error', reject);
    if (body && chunked)
      for (let at = 0; at < body.length; at += 16_384) req.write(body.subarray(at, at + 16_384));
    req.end(body && !chunked ? body : undefined);
  });
}

describe('gateway body limit and keep-alive (through a real gateway and service)', () => {
  let service: FastifyInstance;
  let gateway: NestFastifyApplication;
  let port: number;

  beforeAll(async () => {
    // Like a service: Fastify with the 64 KiB limit; `/tasks/early` answers before reading the body.
    service = Fastify({ bodyLimit: 64 * 1024 });
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' };
    service.get('/auth/.well-known/jwks.json', async () => ({ keys: [jwk] }));
    service.post('/tasks', async (request, reply) =>
      reply.code(201).send({ size: JSON.stringify(request.body).length }),
    );
    service.get('/tasks', async () => []);
    service.post(
      '/tasks/early',
      { preParsing: async (_req, reply) => reply.code(409).send({ early: true }) },
      () => ({}),
    );
    await service.listen({ port: 0, host: '127.0.0.1' });
    const upstream = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
    const config = readGatewayConfig({
      PORT: '1',
      AUTH_URL: upstream,
      TASKS_URL: upstream,
      ACCOUNTING_URL: upstream,
      ANALYTICS_URL: upstream,
      LOG_LEVEL: 'silent',
    });
    gateway = await bootstrapService(AppModule.forRoot(config), {
      service: 'gateway',
      title: 'gateway',
      description: 'test',
      port: 0,
      host: config.host,
      trustProxy: config.trustProxy,
      swagger: false,
      parseJson: false,
      configure: (app) => registerProxies(app, config),
    });
    const address = gateway.getHttpServer().address() as AddressInfo;
    expect(address.address).toBe('127.0.0.1'); // §1: the default host is loopback
    port = address.port;
  });

  afterAll(async () => {
    await gateway.close();
    await service.close();
  });

  it.each([false, true])(
    '50 times: a 2 MiB POST /tasks gets 413 (chunked: %s) and the next request on the same connection succeeds',
    async (chunked) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const large = Buffer.from(JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }));
      const answers: string[] = [];
      for (let i = 0; i < 50; i++) {
        const refused = await send(agent, port, 'POST', '/tasks', large, chunked);
        const next = await send(agent, port, 'POST', '/tasks', Buffer.from('{"title":"small"}'));
        answers.push(`${refused.status} ${next.status} ${next.reused}`);
        expect(JSON.parse(refused.body)).toEqual({
          statusCode: 413,
          message: 'Request body is larger than 65536 bytes',
          error: 'Payload Too Large',
        });
        expect(refused.connection).not.toBe('close');
        expect(JSON.parse(next.body)).toEqual({ size: 17 });
      }
      expect(answers).toEqual(Array(50).fill('413 201 true')); // one connection throughout
      agent.destroy();
    },
  );

  it('relays a service’s early answer instead of a 502, and the connection stays usable', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const body = Buffer.from(JSON.stringify({ title: 'y'.repeat(60_000) }));
    const answers: string[] = [];
    for (let i = 0; i < 50; i++) {
      const early = await send(agent, port, 'POST', '/tasks/early', body);
      const next = await send(agent, port, 'GET', '/tasks');
      answers.push(`${early.status} ${early.body} ${next.status}`);
    }
    expect(answers).toEqual(Array(50).fill('409 {"early":true} 200'));
    agent.destroy();
  });

  it('passes a body within the limit to the service byte for byte', async () => {
    const agent = new Agent({ keepAlive: true });
    const title = 'z'.repeat(60_000);
    const answer = await send(agent, port, 'POST', '/tasks', Buffer.from(JSON.stringify({ title })), true);
    expect([answer.status, JSON.parse(answer.body)]).toEqual([
      201,
      { size: JSON.stringify({ title }).length },
    ]);
    agent.destroy();
  });
});
