// CPU time (utime + stime from /proc/<pid>/stat) of every process of the system, per service and per
// PostgreSQL backend group (a backend by its application_name: the schema of the service it serves).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICK_MS = 10; // CLK_TCK = 100 on Linux

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function descendants(root) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(entry);
    if (s) parents.set(Number(entry), s.ppid);
  }
  const result = [root];
  for (let i = 0; i < result.length; i++)
    for (const [pid, ppid] of parents) if (ppid === result[i]) result.push(pid);
  return result;
}

/**
 * A snapshot: ms of CPU per process, keyed `group:pid`. `sql` answers pg_stat_activity (the backends' names).
 * @param {{ pids(): Record<string, number> }} system
 * @param {string | null} cluster
 * @param {(text: string) => Promise<{ rows: any[] }>} sql
 */
export async function cpuSnapshot(system, cluster, sql) {
  const snapshot = new Map();
  for (const [name, pid] of Object.entries(system.pids()))
    for (const p of descendants(pid)) snapshot.set(`${name}:${p}`, (stat(p)?.ticks ?? 0) * TICK_MS);
  if (!cluster) return snapshot;
  const { rows } = await sql(
    `SELECT pid, coalesce(nullif(application_name, ''), backend_type) AS name FROM pg_stat_activity`,
  );
  const names = new Map(rows.map((r) => [Number(r.pid), `pg.${r.name}`]));
  const postmaster = Number(readFileSync(join(cluster, 'postmaster.pid'), 'utf8').split('\n')[0]);
  for (const p of descendants(postmaster))
    snapshot.set(`${names.get(p) ?? 'pg.other'}:${p}`, (stat(p)?.ticks ?? 0) * TICK_MS);
  return snapshot;
}

/** CPU ms per group between two snapshots, divided by `per` (tasks created), as { group: ms per task }. */
export function cpuPer(before, after, per) {
  const groups = {};
  for (const [key, ms] of after) {
    const group = key.slice(0, key.lastIndexOf(':'));
    groups[group] = (groups[group] ?? 0) + ms - (before.get(key) ?? 0);
  }
  const result = {};
  let total = 0;
  for (const [group, ms] of Object.entries(groups).sort()) {
    total += ms;
    if (ms > 0) result[group] = Number((ms / per).toFixed(2));
  }
  result.total = Number((total / per).toFixed(2));
  return result;
}
