import type { AccountStateV1 } from '@ates/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Analytics' copy of each account's role and active flag (from accounts-stream), which its routes check every
 * token against. A newer version wins, so duplicates and reordering converge; the balance columns are never
 * touched here.
 */
@Injectable()
export class AccountStatesRepository {
  /** One state per account, in one statement (accounts in id order: concurrent chunks lock in one order). */
  async upsertMany(tx: EntityManager, states: readonly AccountStateV1[]): Promise<void> {
    const sorted = [...states].sort((a, b) => (a.public_id < b.public_id ? -1 : 1));
    await tx.query(
      `INSERT INTO analytics.accounts AS a (public_id, role, active, version)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::boolean[], $4::int[])
       ON CONFLICT (public_id) DO UPDATE SET role = EXCLUDED.role, active = EXCLUDED.active, version = EXCLUDED.version
       WHERE a.version < EXCLUDED.version`,
      [
        sorted.map((s) => s.public_id),
        sorted.map((s) => s.role),
        sorted.map((s) => s.active),
        sorted.map((s) => s.version),
      ],
    );
  }
}
