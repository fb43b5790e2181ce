// Same-run raw baselines: what this machine does with no aTES code in the way.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { closedLoop, round } from './load.mjs';
import { withClient } from './system.mjs';

/** A bare Fastify hello in its own process, loaded like the gateway (32 concurrent, keep-alive). */
export async function fastifyHello({ root, concurrency, seconds }) {
  const child = spawn(process.execPath, [join(root, 'tools', 'bench', 'raw-hello.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', (line) => resolve(Number(line)));
      child.once('exit', (code) => reject(new Error(`raw-hello exited with ${code}`)));
    });
    return await closedLoop({
      url: `http://127.0.0.1:${port}`,
      concurrency,
      seconds,
      make: () => ({ method: 'POST', path: '/', body: { title: 'hello' } }),
    });
  } finally {
    child.kill('SIGTERM');
  }
}

const TABLE = 'public.bench_raw';
const CREATE = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account bigint NOT NULL, amount bigint NOT NULL,
  note text NOT NULL, created_at timestamptz NOT NULL DEFAULT clock_timestamp())`;

/** Rows/s of a raw `pg` multi-row insert (unnest), `batch` rows per statement and transaction. */
export async function batchedInsert({ url, rows, batch = 1000 }) {
  return withClient(url, async (db) => {
    await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await db.query(CREATE);
    const started = process.hrtime.bigint();
    for (let done = 0; done < rows; done += batch) {
      const n = Math.min(batch, rows - done);
      const accounts = Array.from({ length: n }, (_, i) => (done + i) % 997);
      await db.query(
        `INSERT INTO ${TABLE} (account, amount, note) SELECT a, 1500, 'fee ' || a FROM unnest($1::bigint[]) AS a`,
        [accounts],
      );
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await db.query(`DROP TABLE ${TABLE}`);
    return { rows, batch, perSecond: round(rows / seconds, 0) };
  });
}

/** Transactions/s of a loop that inserts one row per transaction (BEGIN, INSERT, COMMIT), for `seconds`. */
export async function rowPerTransaction({ url, seconds }) {
  return withClient(url, async (db) => {
    await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await db.query(CREATE);
    const end = Date.now() + seconds * 1000;
    const started = process.hrtime.bigint();
    let n = 0;
    while (Date.now() < end) {
      await db.query('BEGIN');
      await db.query(`INSERT INTO ${TABLE} (account, amount, note) VALUES ($1, 1500, 'fee')`, [n % 997]);
      await db.query('COMMIT');
      n += 1;
    }
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    await db.query(`DROP TABLE ${TABLE}`);
    return { transactions: n, perSecond: round(n / elapsed, 0) };
  });
}
