import type { JwtVerificationConfig } from '@ates/config';
import { isRole } from '@ates/contracts';
import { JwtHeader, verify } from 'jsonwebtoken';
import { createPublicKey, KeyObject } from 'node:crypto';
import { JwksClient } from 'jwks-rsa';
import type { AccessTokenClaims, AuthenticatedUser } from './authenticated-user';

export class InvalidTokenError extends Error {}

/** How long a key the JWKS client gave is used before it is asked again. */
const KEY_REUSE_MS = 60_000;
/** Verified tokens remembered at most (a client sends the same token with every request until it expires). */
const VERIFIED_MAX = 10_000;

/**
 * Verifies access tokens against auth's JWKS: RS256 only (pinned), known `kid`, `iss`, `aud` and `exp`.
 * Keys are cached; an unknown `kid` makes one rate-limited refetch (key rotation). Used by the services'
 * JwtAuthGuard and by the gateway.
 */
export class TokenVerifier {
  private readonly jwks: JwksClient;
  /** Keys in use, parsed: asking the JWKS client and parsing its PEM cost more than the RS256 check itself. */
  private readonly parsed = new Map<string, { key: KeyObject; until: number }>();
  /**
   * Tokens verified already, with their caller, until their `exp` but at most KEY_REUSE_MS (so a withdrawn key
   * stops working as soon as it would without this cache): the same token is not parsed and checked again on
   * every request. Bounded; the oldest entry goes first.
   */
  private readonly verified = new Map<string, { user: AuthenticatedUser; until: number }>();
  readonly options: { algorithms: ['RS256']; issuer: string; audience: string };

  constructor(config: JwtVerificationConfig) {
    this.jwks = new JwksClient({
      jwksUri: config.jwksUrl,
      cache: true,
      cacheMaxAge: 10 * 60_000 - KEY_REUSE_MS, // with KEY_REUSE_MS, a withdrawn key still works ≤ 10 min
      rateLimit: true,
      jwksRequestsPerMinute: 30,
      timeout: 5_000,
    });
    this.options = { algorithms: ['RS256'], issuer: config.issuer, audience: config.audience };
  }

  /**
   * The public key for a token header; refuses anything but RS256 with a `kid`. The JWKS client decides which keys
   * are known (its cache, its refetch for a new `kid`); a key it gave is reused for KEY_REUSE_MS.
   */
  async publicKey(header: JwtHeader | undefined): Promise<KeyObject> {
    if (header?.alg !== 'RS256' || !header.kid) throw new InvalidTokenError('unexpected token header');
    const known = this.parsed.get(header.kid);
    if (known && known.until > Date.now()) return known.key;
    let key: KeyObject;
    try {
      key = createPublicKey((await this.jwks.getSigningKey(header.kid)).getPublicKey());
    } catch {
      throw new InvalidTokenError('unknown signing key');
    }
    this.parsed.set(header.kid, { key, until: Date.now() + KEY_REUSE_MS });
    return key;
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    const known = this.verified.get(token);
    if (known && known.until > Date.now()) return known.user;
    if (known) this.verified.delete(token);
    const claims = await this.check(token);
    const user = this.toUser(claims);
    this.remember(token, user, claims.exp);
    return user;
  }

  private remember(token: string, user: AuthenticatedUser, exp: number | undefined): void {
    const until = Math.min(Date.now() + KEY_REUSE_MS, (exp ?? 0) * 1000);
    if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { user, until });
  }

  private check(token: string): Promise<AccessTokenClaims> {
    return new Promise<AccessTokenClaims>((resolve, reject) => {
      verify(
        token,
        (header, callback) => this.publicKey(header).then((key) => callback(null, key), callback),
        this.options,
        (error, payload) =>
          error ? reject(new InvalidTokenError(error.message)) : resolve(payload as AccessTokenClaims),
      );
    });
  }

  toUser(claims: Partial<AccessTokenClaims>): AuthenticatedUser {
    if (
      typeof claims.sub !== 'string' ||
      !isRole(claims.role) ||
      !claims.jti ||
      typeof claims.username !== 'string'
    ) {
      throw new InvalidTokenError('token lacks required claims');
    }
    const version = Number.isInteger(claims.ver) ? (claims.ver as number) : 0;
    return { id: claims.sub, role: claims.role, username: claims.username, version };
  }
}

export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/.exec(authorization ?? '');
  return match ? match[1] : null;
}
