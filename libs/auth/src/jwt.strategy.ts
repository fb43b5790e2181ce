import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { decode } from 'jsonwebtoken';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AccessTokenClaims, AuthenticatedUser } from './authenticated-user';
import { TokenVerifier } from './token-verifier';

/** passport-jwt with auth's JWKS as key provider: RS256 pinned, `iss`, `aud` and `exp` checked. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(private readonly verifier: TokenVerifier) {
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
          (key) => done(null, key),
          (error) => done(error),
        );
      },
    });
  }

  validate(claims: AccessTokenClaims): AuthenticatedUser {
    try {
      return this.verifier.toUser(claims);
    } catch {
      throw new UnauthorizedException('Invalid token');
    }
  }
}
