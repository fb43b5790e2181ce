import { Controller, Get } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { accessTokenOptions, startJwks } from '@ates/testing';
import { sign } from 'jsonwebtoken';
import { generateKeyPairSync } from 'node:crypto';
import { AccountStates } from './account-states';
import type { AuthenticatedUser } from './authenticated-user';
import { CurrentUser, Public } from './decorators';
import { JwtAuthGuard, RolesGuard } from './guards';
import { JwtStrategy } from './jwt.strategy';
import { TokenVerifier } from './token-verifier';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const kid = 'k1';
const token = (username: string, extra: object = {}) =>
  sign({ role: 'worker', username, ...extra }, privateKey, accessTokenOptions(kid));

@Controller()
class ProbeController {
  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser) {
    return user;
  }

  @Public()
  @Get('open')
  open() {
    return { open: true };
  }
}

describe('the services’ JWT guard (a real Nest app, a real JWKS endpoint)', () => {
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    jwks = await startJwks(publicKey, kid);
    const verifier = new TokenVerifier({ issuer: 'ates-auth', audience: 'ates', jwksUrl: jwks.url });
    // The account copy's rule is tested in account-states.spec; here it refuses one username.
    const accounts = {
      refusal: async (user: AuthenticatedUser) =>
        user.username === 'gone' ? 'This account is deactivated' : null,
    };
    const module = await Test.createTestingModule({
      controllers: [ProbeController],
      providers: [
        { provide: TokenVerifier, useValue: verifier },
        { provide: AccountStates, useValue: accounts },
        JwtStrategy,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
    }).compile();
    app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app.close();
    await jwks.close();
  });

  const get = async (path: string, authorization?: string) => {
    const reply = await app.inject({
      method: 'GET',
      url: path,
      headers: authorization ? { authorization } : {},
    });
    return [reply.statusCode, reply.json()];
  };

  it('admits a valid token (twice: the second time from memory), in any case of the scheme', async () => {
    const kate = token('kate', { ver: 2 });
    for (const scheme of ['Bearer', 'Bearer', 'bearer'])
      expect(await get('/me', `${scheme} ${kate}`)).toEqual([
        200,
        { id: expect.any(String), role: 'worker', username: 'kate', version: 2 },
      ]);
  });

  it('refuses no token, a bad one and one without claims with 401, a refused account with its reason', async () => {
    const unauthorized = [401, { statusCode: 401, message: 'Unauthorized' }];
    expect(await get('/me')).toEqual(unauthorized);
    expect(await get('/me', 'Basic abc')).toEqual(unauthorized);
    expect(await get('/me', `Bearer ${token('kate')}x`)).toEqual(unauthorized);
    expect(
      await get('/me', `Bearer ${sign({ role: 'worker' }, privateKey, { algorithm: 'RS256', keyid: kid })}`),
    ).toEqual(unauthorized);
    expect(await get('/me', `Bearer ${token('gone')}`)).toEqual([
      401,
      { statusCode: 401, message: 'This account is deactivated', error: 'Unauthorized' },
    ]);
    expect(await get('/open')).toEqual([200, { open: true }]);
  });
});
