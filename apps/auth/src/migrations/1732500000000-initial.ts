import { messagingTablesDown, messagingTablesUp } from '@ates/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1732500000000 implements MigrationInterface {
  name = 'Initial1732500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE auth.accounts (
      id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      public_id     uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
      username      text        NOT NULL,
      email         text        NOT NULL,
      full_name     text        NOT NULL,
      password_hash text        NOT NULL,
      role          text        NOT NULL CHECK (role IN ('admin', 'manager', 'accountant', 'worker')),
      active        boolean     NOT NULL DEFAULT true,
      version       integer     NOT NULL DEFAULT 1,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(`CREATE UNIQUE INDEX accounts_username_key ON auth.accounts (username)`);
    await db.query(`CREATE UNIQUE INDEX accounts_email_key ON auth.accounts (lower(email))`);
    await db.query(`CREATE TABLE auth.refresh_tokens (
      id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      token_hash  bytea       NOT NULL UNIQUE,
      account_id  bigint      NOT NULL REFERENCES auth.accounts (id),
      family_id   uuid        NOT NULL,
      expires_at  timestamptz NOT NULL,
      revoked_at  timestamptz,
      created_at  timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(`CREATE INDEX refresh_tokens_family_idx ON auth.refresh_tokens (family_id)`);
    await db.query(
      `CREATE INDEX refresh_tokens_account_idx ON auth.refresh_tokens (account_id) WHERE revoked_at IS NULL`,
    );
    await db.query(`CREATE TABLE auth.signing_keys (
      kid             text        PRIMARY KEY,
      private_key_pem text        NOT NULL,
      public_key_pem  text        NOT NULL,
      created_at      timestamptz NOT NULL DEFAULT now()
    )`);
    for (const sql of messagingTablesUp('auth')) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of messagingTablesDown('auth')) await db.query(sql);
    await db.query('DROP TABLE auth.signing_keys');
    await db.query('DROP TABLE auth.refresh_tokens');
    await db.query('DROP TABLE auth.accounts');
  }
}
