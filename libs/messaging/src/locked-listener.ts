import { Client } from 'pg';
import { listen, tryAdvisoryLock } from './session-locks.repository';

export interface LockedListenerOptions {
  databaseUrl: string;
  applicationName: string;
  /** What the session advisory lock is taken on (`pg_try_advisory_lock(hashtext(lockKey))`). */
  lockKey: string;
  /** The NOTIFY channel to LISTEN on. */
  channel: string;
  onNotification(payload: string | undefined): void;
  /** The connection broke; it is already being closed (and the lock with it). */
  onError(error: Error): void;
}

/**
 * A dedicated connection that holds a session advisory lock and LISTENs on a channel: how one relay per
 * service and one event-log consumer per group are kept active. Null while another process holds the lock.
 * The lock goes with the connection, so a connection that may hold it is never left open: it is closed when
 * setting up fails and when it breaks.
 */
export async function lockedListener(options: LockedListenerOptions): Promise<Client | null> {
  const db = new Client({
    connectionString: options.databaseUrl,
    application_name: options.applicationName,
    keepAlive: true,
  });
  db.on('error', (error) => {
    db.end().catch(() => undefined);
    options.onError(error);
  });
  try {
    await db.connect();
    if (!(await tryAdvisoryLock(db, options.lockKey))) {
      await db.end();
      return null;
    }
    db.on('notification', (n) => options.onNotification(n.payload));
    await listen(db, options.channel);
    return db;
  } catch (error) {
    await db.end().catch(() => undefined);
    throw error;
  }
}
