import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-strategy';
import { AccountStates } from './account-states';
import type { AuthenticatedUser } from './authenticated-user';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

/** The token of an `Authorization: Bearer <token>` header (the scheme in any case), else null. */
export function requestToken(authorization: string | undefined): string | null {
  const match = /^bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match ? match[1] : null;
}

type Verified = (error: unknown, user?: AuthenticatedUser | false) => void;

/** A passport strategy for bearer tokens: `verify` decides; no token, or a refused one, fails (401). */
class BearerTokenStrategy extends Strategy {
  constructor(private readonly verify: (token: string, done: Verified) => void) {
    super();
  }

  override authenticate(request: { headers: Record<string, string | string[] | undefined> }): void {
    const header = request.headers['authorization'];
    const token = requestToken(typeof header === 'string' ? header : undefined);
    if (!token) return this.fail(401);
    this.verify(token, (error, user) => {
      if (error) return this.error(error as Error);
      if (!user) return this.fail(401);
      this.success(user);
    });
  }
}

/**
 * Access tokens through TokenVerifier (auth's JWKS, RS256 pinned, `iss`, `aud` and `exp` checked; a token verified
 * before is remembered until it expires, so it is not parsed and checked again on every request); then the
 * account must still be active and hold the token's role (AccountStates).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(BearerTokenStrategy, 'jwt') {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly accounts: AccountStates,
  ) {
    super();
  }

  async validate(token: string): Promise<AuthenticatedUser | false> {
    let user: AuthenticatedUser;
    try {
      user = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) return false;
      throw error;
    }
    const refusal = await this.accounts.refusal(user);
    if (refusal) throw new UnauthorizedException(refusal);
    return user;
  }
}
