import type { AuthServiceConfig } from '@ates/config';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { AUTH_CONFIG } from '../auth.tokens';
import type { AccountEntity } from '../accounts/account.entity';
import { SigningKeysService } from '../keys/signing-keys.service';

/** Signs short-lived RS256 access tokens with the current key (its `kid` in the header). */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly jwt: JwtService,
    private readonly keys: SigningKeysService,
    @Inject(AUTH_CONFIG) private readonly config: AuthServiceConfig,
  ) {}

  get expiresIn(): number {
    return this.config.accessTokenTtlSeconds;
  }

  /** `ver`: the account's version when signed, so a service whose copy is older lets the token decide. */
  accessToken(account: Pick<AccountEntity, 'publicId' | 'role' | 'username' | 'version'>): Promise<string> {
    const key = this.keys.signingKey();
    return this.jwt.signAsync(
      { role: account.role, username: account.username, ver: account.version },
      {
        algorithm: 'RS256',
        privateKey: key.privateKeyPem,
        keyid: key.kid,
        subject: account.publicId,
        issuer: this.config.jwt.issuer,
        audience: this.config.jwt.audience,
        expiresIn: this.config.accessTokenTtlSeconds,
        jwtid: randomUUID(),
      },
    );
  }
}
