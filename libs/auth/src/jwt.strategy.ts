import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { decode } from 'jsonwebtoken';
import type { KeyObject } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AccountStates } from './account-states';
import type { AccessTokenClaims, AuthenticatedUser } from './authenticated-user';
import { TokenVerifier } from './token-verifier';

/**
 * passport-jwt with auth's JWKS as key provider: RS256 pinned, `iss`, `aud` and `exp` checked; then the account
 * must still be active and hold the token's role (AccountStates).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly accounts: AccountStates,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      ...verifier.options,
      secretOrKeyProvider: (
        _request: unknown,
        rawToken: string,
        done: (err: unknown, key?: string) => void,
      ) => {
        const header = decode(rawToken, { complete: true })?.header;
        verifier.publicKey(header).then(
          // passport-jwt hands the key to jsonwebtoken's verify, which takes a parsed KeyObject (parsing the PEM
          // on each request cost more than the signature check); its types only list a PEM.
          (key: KeyObject) => done(null, key as unknown as string),
          (error) => done(error),
        );
      },
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthenticatedUser> {
    let user: AuthenticatedUser;
    try {
      user = this.verifier.toUser(claims);
    } catch {
      throw new UnauthorizedException('Invalid token');
    }
    const refusal = await this.accounts.refusal(user);
    if (refusal) throw new UnauthorizedException(refusal);
    return user;
  }
}
