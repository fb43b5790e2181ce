import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ROOT } from '../tools';

/**
 * The broker's pid, from the infra tool's state (tools/infra/lib/settings.mjs: `$ATES_INFRA_DIR/kafka-data`,
 * `~/.cache/ates` by default).
 */
function brokerPid(): number {
  const base = process.env['ATES_INFRA_DIR'] || join(homedir(), '.cache', 'ates');
  return Number(readFileSync(join(base, 'kafka-data', 'kafka.pid'), 'utf8').trim());
}

/** `node tools/infra/infra.mjs up|down`: its exit code. */
export const infra = (command: 'up' | 'down') =>
  new Promise<number>((resolve) =>
    spawn(process.execPath, [join(ROOT, 'tools', 'infra', 'infra.mjs'), command], {
      cwd: ROOT,
      stdio: 'ignore',
    }).on('exit', (code) => resolve(code ?? 1)),
  );

/**
 * Freezes the broker (SIGSTOP): every request to it hangs, as on a broker that stopped answering. `crash` then
 * kills it where it stands, so that requests already written to its sockets but not yet read (an offset commit,
 * say) are never processed; `thaw` lets it go on instead.
 */
export function freezeBroker(): { crash(): void; thaw(): void } {
  const pid = brokerPid();
  process.kill(pid, 'SIGSTOP');
  return { crash: () => process.kill(pid, 'SIGKILL'), thaw: () => process.kill(pid, 'SIGCONT') };
}

/**
 * Holds accounting's posting gate (docs/adr/0007) from outside, as a close would: every chunk that wants to post
 * waits in its open transaction until `release`.
 */
export async function holdPostingGate(databaseUrl: string): Promise<{ release(): Promise<void> }> {
  const db = new Client({ connectionString: databaseUrl, application_name: 'chaos-gate' });
  await db.connect();
  await db.query(`SELECT pg_advisory_lock(hashtext('accounting'), hashtext('posting-gate'))`);
  return {
    async release() {
      await db.query(`SELECT pg_advisory_unlock(hashtext('accounting'), hashtext('posting-gate'))`);
      await db.end();
    },
  };
}

/** accounting's own connections (its pool is named after it): how many wait on a lock, how many are in a transaction. */
export async function accountingSessions(
  query: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>,
): Promise<{ waiting: number; inTransaction: number }> {
  const { rows } = await query(
    `SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory')::int AS waiting,
            count(*) FILTER (WHERE xact_start IS NOT NULL)::int AS "inTransaction"
       FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'accounting'`,
  );
  return rows[0] as { waiting: number; inTransaction: number };
}
