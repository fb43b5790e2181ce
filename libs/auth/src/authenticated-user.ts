import type { Role } from '@ates/contracts';

/** The caller, as proven by a verified access token. */
export interface AuthenticatedUser {
  id: string;
  role: Role;
  username: string;
  /** The account's version when the token was signed (0 for tokens without `ver`). */
  version: number;
}

/** Claims of an aTES access token (RS256, issued by auth). */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  username: string;
  iss: string;
  aud: string | string[];
  exp: number;
  iat: number;
  jti: string;
  /** The account's version when signed. */
  ver?: number;
}
