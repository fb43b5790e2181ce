import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';

export const newRefreshToken = () => randomBytes(32).toString('base64url');
export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest();

/** Refresh tokens are stored as SHA-256 hashes only, grouped in families (one per login). */
export class RefreshTokenStore {
  async issue(tx: EntityManager, accountId: string, familyId: string, ttlSeconds: number): Promise<string> {
    const token = newRefreshToken();
    await tx.query(
      `INSERT INTO auth.refresh_tokens (token_hash, account_id, family_id, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [hashRefreshToken(token), accountId, familyId, ttlSeconds],
    );
    return token;
  }

  /**
   * Uses a token once: revokes it and returns its account and family. A token already used (rotated) is
   * reuse — a sign of theft — and revokes its whole family. Unknown or expired: null.
   */
  async consume(tx: EntityManager, token: string): Promise<{ accountId: string; familyId: string } | null> {
    const [row]: { account_id: string; family_id: string; revoked_at: Date | null; expired: boolean }[] =
      await tx.query(
        `SELECT account_id, family_id, revoked_at, expires_at <= now() AS expired
         FROM auth.refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
        [hashRefreshToken(token)],
      );
    if (!row || row.expired) return null;
    if (row.revoked_at) {
      await tx.query(
        `UPDATE auth.refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`,
        [row.family_id],
      );
      return null;
    }
    await tx.query(`UPDATE auth.refresh_tokens SET revoked_at = now() WHERE token_hash = $1`, [
      hashRefreshToken(token),
    ]);
    return { accountId: row.account_id, familyId: row.family_id };
  }

  /** Revokes every live token of an account (deactivation, role change). */
  async revokeAll(tx: EntityManager, accountId: string): Promise<void> {
    await tx.query(
      `UPDATE auth.refresh_tokens SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL`,
      [accountId],
    );
  }

  /** Revokes a token if it belongs to the account; true when it did. */
  async revoke(tx: EntityManager, token: string, accountId: string): Promise<boolean> {
    const [, revoked]: [unknown[], number] = await tx.query(
      `UPDATE auth.refresh_tokens SET revoked_at = now()
        WHERE token_hash = $1 AND account_id = $2 AND revoked_at IS NULL RETURNING id`,
      [hashRefreshToken(token), accountId],
    );
    return revoked > 0;
  }
}
