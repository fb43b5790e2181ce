import { col, queryOne, queryRows, rowOf } from '@ates/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { SigningKey } from './signing-keys.service';

const KEY = rowOf<SigningKey>('signing key', {
  kid: col.text,
  privateKeyPem: col.text,
  publicKeyPem: col.text,
});
const NEWEST_FIRST = `SELECT kid, private_key_pem AS "privateKeyPem", public_key_pem AS "publicKeyPem"
  FROM auth.signing_keys ORDER BY created_at DESC`;

/** auth.signing_keys: the development keys, kept so that tokens survive a restart. */
@Injectable()
export class SigningKeysRepository {
  constructor(private readonly db: DataSource) {}

  /** Newest first. */
  all(): Promise<SigningKey[]> {
    return queryRows(this.db, KEY, NEWEST_FIRST);
  }

  /** The newest key, after waiting for any other start that is generating one (concurrent starts agree on one). */
  async newestOnceAlone(tx: EntityManager): Promise<SigningKey | undefined> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('auth.signing_keys'))`);
    return queryOne(tx, KEY, `${NEWEST_FIRST} LIMIT 1`);
  }

  async insert(tx: EntityManager, key: SigningKey): Promise<void> {
    await tx.query(
      'INSERT INTO auth.signing_keys (kid, private_key_pem, public_key_pem) VALUES ($1, $2, $3)',
      [key.kid, key.privateKeyPem, key.publicKeyPem],
    );
  }
}
