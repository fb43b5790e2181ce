import { accessTokenOptions, startJwks } from '@ates/testing';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { bearerToken, TokenVerifier } from './token-verifier';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const kid = 'test-key';
const claims = { role: 'worker', username: 'kate' };
const options = accessTokenOptions(kid);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('TokenVerifier (against a real JWKS endpoint)', () => {
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    jwks = await startJwks(publicKey, kid);
    verifier = new TokenVerifier({ issuer: 'ates-auth', audience: 'ates', jwksUrl: jwks.url });
  });
  afterAll(() => jwks.close());

  it('accepts a token signed by auth and returns the caller', async () => {
    const token = sign(claims, privateKey, options);
    await expect(verifier.verify(token)).resolves.toEqual({
      id: options.subject,
      role: 'worker',
      username: 'kate',
      version: 0, // no `ver` claim
    });
    const versioned = sign({ ...claims, ver: 7 }, privateKey, options);
    await expect(verifier.verify(versioned)).resolves.toMatchObject({ version: 7 });
  });

  const good = () => sign(claims, privateKey, options);
  it.each<[string, () => string]>([
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT', kid })}.${good().split('.')[1]}.`],
    [
      'a changed payload',
      () => {
        const [h, , s] = good().split('.');
        return `${h}.${b64({ ...claims, role: 'admin', sub: options.subject, iss: 'ates-auth', aud: 'ates', jti: 'x', exp: 9999999999 })}.${s}`;
      },
    ],
    [
      'HS256 signed with the public key',
      () =>
        sign({ ...claims, jti: 'x' }, publicKey.export({ type: 'spki', format: 'pem' }).toString(), {
          algorithm: 'HS256',
          keyid: kid,
          issuer: 'ates-auth',
          audience: 'ates',
          subject: 's',
        }),
    ],
    ['another key under the same kid', () => sign(claims, other.privateKey, options)],
    ['an unknown kid', () => sign(claims, privateKey, { ...options, keyid: 'nope' })],
    ['a wrong issuer', () => sign(claims, privateKey, { ...options, issuer: 'evil' })],
    ['a wrong audience', () => sign(claims, privateKey, { ...options, audience: 'other' })],
    [
      'an expired token',
      () => {
        const { expiresIn: _ignored, ...rest } = options;
        return sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, privateKey, rest);
      },
    ],
    ['a token without a role', () => sign({ username: 'kate' }, privateKey, options)],
  ])('rejects %s', async (_label, token) => {
    await expect(verifier.verify(token())).rejects.toThrow();
  });

  it('remembers a verified token only until it expires', async () => {
    const token = sign(claims, privateKey, { ...options, jwtid: randomUUID() });
    const user = await verifier.verify(token);
    await expect(verifier.verify(token)).resolves.toEqual(user); // from memory
    const now = Date.now();
    const later = jest.spyOn(Date, 'now').mockReturnValue(now + 61_000); // past its 60 s
    try {
      await expect(verifier.verify(token)).rejects.toThrow(/expired/);
    } finally {
      later.mockRestore();
    }
  });

  it('extracts bearer tokens only', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
