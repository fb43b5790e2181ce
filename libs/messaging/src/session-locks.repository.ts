import { col, queryOne, rowOf, type Queryable } from '@ates/database';

const LOCKED = rowOf('advisory lock', { locked: col.bool });

/** Takes the session advisory lock on `hashtext(key)` if it is free; true when this session holds it now. */
export async function tryAdvisoryLock(db: Queryable, key: string): Promise<boolean> {
  const row = await queryOne(db, LOCKED, 'SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
  return row?.locked === true;
}

/** LISTENs on `channel` (an identifier the caller built, never user input). */
export async function listen(db: Queryable, channel: string): Promise<void> {
  await db.query(`LISTEN ${channel}`);
}
