import { randomUUID, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real JWKS endpoint on a free loopback port serving `publicKey` under `kid` (RS256), for token tests. */
export async function startJwks(
  publicKey: KeyObject,
  kid: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
  const server = createServer((_req, res) =>
    res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** jsonwebtoken `sign` options of a valid aTES access token under `kid` (a fresh subject and token id). */
export const accessTokenOptions = (kid: string) => ({
  algorithm: 'RS256' as const,
  keyid: kid,
  issuer: 'ates-auth',
  audience: 'ates',
  subject: randomUUID(),
  jwtid: randomUUID(),
  expiresIn: 60,
});
