import { quoteIdent } from '@ates/database';
import type { Client } from 'pg';

/**
 * A service's copy of the accounts (`<schema>.accounts`) and the NOTIFY that tells every instance of the service
 * it changed (ADR 0017). A service opts in to the cache of AccountStates with a migration running
 * `accountChangesNotifyUp(schema)`; without the trigger every request reads the table.
 */
export const accountsTable = (schema: string) => `${quoteIdent(schema)}.accounts`;
export const accountChangesChannel = (schema: string) => `${schema}_accounts_changed`;
const TRIGGER = 'accounts_changed_notify';
const triggerFunction = (schema: string) => `${quoteIdent(schema)}.notify_accounts_changed`;

export const ACCOUNT_STATE_SQL = (schema: string) =>
  `SELECT active, role, version FROM ${accountsTable(schema)} WHERE public_id = $1 AND version > 0`;

/** Listens on the copy's channel, then says whether the copy sends its changes (the trigger exists and is on). */
export async function listenForChanges(client: Client, schema: string): Promise<boolean> {
  await client.query(`LISTEN "${accountChangesChannel(schema)}"`);
  const { rows } = await client.query<{ present: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass($1) AND tgname = '${TRIGGER}' AND tgenabled <> 'D'
     ) AS present`,
    [accountsTable(schema)],
  );
  return rows[0]?.present === true;
}

/** A round trip that fails when the listening connection has died without a word. */
export async function ping(client: Client): Promise<void> {
  await client.query('SELECT 1');
}

/** For a migration: every statement that writes the copy notifies at its commit (one NOTIFY per transaction). */
export const accountChangesNotifyUp = (schema: string): string[] => [
  `CREATE FUNCTION ${triggerFunction(schema)}() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_notify('${accountChangesChannel(schema)}', '');
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER ${TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${accountsTable(schema)}
     FOR EACH STATEMENT EXECUTE FUNCTION ${triggerFunction(schema)}()`,
];

export const accountChangesNotifyDown = (schema: string): string[] => [
  `DROP TRIGGER ${TRIGGER} ON ${accountsTable(schema)}`,
  `DROP FUNCTION ${triggerFunction(schema)}()`,
];
