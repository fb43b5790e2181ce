import { col, queryOne, queryRows, rowOf } from '@ates/database';
import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';

const newRefreshToken = () => randomBytes(32).toString('base64url');
const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest();

const STORED = rowOf('refresh token', {
  account_id: col.text,
  family_id: col.text,
  revoked: col.bool,
  expired: col.bool,
});
const ID = rowOf('refresh token id', { id: col.text });

/** Refresh tokens are stored as SHA-256 hashes only, grouped in families (one per login). */
@Injectable()
export class RefreshTokensRepository {
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
    const row = await queryOne(
      tx,
      STORED,
      `SELECT account_id, family_id, revoked_at IS NOT NULL AS revoked, expires_at <= now() AS expired
         FROM auth.refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
      [hashRefreshToken(token)],
    );
    if (!row || row.expired) return null;
    if (row.revoked) {
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
    const revoked = await queryRows(
      tx,
      ID,
      `UPDATE auth.refresh_tokens SET revoked_at = now()
        WHERE token_hash = $1 AND account_id = $2 AND revoked_at IS NULL RETURNING id`,
      [hashRefreshToken(token), accountId],
    );
    return revoked.length > 0;
  }
}
