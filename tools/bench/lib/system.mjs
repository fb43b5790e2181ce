// The system under the bench: PostgreSQL (embedded, as `npm start` runs it, unless DATABASE_URL is set) and the
// five services spawned exactly as `npm start` spawns them, plus the memory (PSS) of all of their processes.
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../embedded-postgres.mjs';
import { portOf, ROOT, SERVICES, spawnService, waitForHealthy } from '../../services.mjs';

/** Where the services' output goes during a bench (appended, one file per service). */
export const LOGS = join(ROOT, 'tmp', 'bench-logs');

export const ADMIN_PASSWORD = 'popug-bench-admin';

/** @param {{ dataDir: string, port: number, log: (line: string) => void, settings?: string[] }} options */
export async function startDatabase({ dataDir, port, log, settings = [] }) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {}, cluster: null };
  const db = await startEmbeddedPostgres({ dataDir, port, database: 'ates_bench', log, settings });
  return { ...db, cluster: join(dataDir, 'postgres') };
}

export class System {
  /** `nodeArgs`: extra node flags for every service (`--profile`: `--cpu-prof`). */
  constructor(env, nodeArgs = []) {
    this.env = env;
    this.nodeArgs = nodeArgs;
    this.children = new Map();
  }

  url(service) {
    return `http://127.0.0.1:${portOf(service, this.env)}`;
  }

  /** Spawns every service; resolves with the ms until all of them answer /health. */
  async start() {
    const started = Date.now();
    for (const name of SERVICES) {
      mkdirSync(LOGS, { recursive: true });
      const child = spawnService(name, this.env, ['ignore', 'pipe', 'pipe'], this.nodeArgs);
      const log = createWriteStream(join(LOGS, `${name}.log`), { flags: 'a' });
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
      child.on('exit', (code, signal) => {
        if (!this.stopping) console.error(`[bench] ${name} exited (${signal ?? code}): see ${LOGS}`);
      });
      this.children.set(name, child);
    }
    await Promise.all(SERVICES.map((name) => waitForHealthy(`${this.url(name)}/health`, 180_000)));
    return Date.now() - started;
  }

  async stop() {
    this.stopping = true;
    await Promise.all(
      [...this.children.values()].map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve(null);
            const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve(null);
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    this.children.clear();
    this.stopping = false;
  }

  pids() {
    return Object.fromEntries([...this.children].map(([name, child]) => [name, child.pid]));
  }
}

/** PSS in MB of one process (0 when it is gone). */
export function pssMb(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = Number(/^Pss:\s+(\d+)/m.exec(text)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

function childrenOf(parent) {
  const result = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) result.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return result;
}

/** utime + stime of a process in ms; with `reaped`, also its waited-for children's (PostgreSQL's ended backends). */
function cpuMsOf(pid, reaped = false) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields 14–17 of proc(5): utime stime cutime cstime, in clock ticks (100 per second on Linux)
    const ticks = Number(f[11]) + Number(f[12]) + (reaped ? Number(f[13]) + Number(f[14]) : 0);
    return ticks * 10;
  } catch {
    return 0;
  }
}

/**
 * `measure` summed over each service's processes (the service and its children) and over the embedded
 * PostgreSQL's (its postmaster, measured with `postmaster: true`, and every child); postgres is null without a cluster.
 * @param {(pid: number, postmaster?: boolean) => number} measure
 */
function sumByGroup(system, cluster, measure) {
  const sum = (pids) => pids.reduce((total, p) => total + measure(p), 0);
  const services = {};
  for (const [name, pid] of Object.entries(system.pids())) services[name] = sum([pid, ...childrenOf(pid)]);
  let postgres = null;
  if (cluster) {
    try {
      const postmaster = Number(readFileSync(join(cluster, 'postmaster.pid'), 'utf8').split('\n')[0]);
      postgres = measure(postmaster, true) + sum(childrenOf(postmaster));
    } catch {
      postgres = null;
    }
  }
  return { services, postgres };
}

/** CPU time so far (ms) of each service (with its children) and of the whole embedded PostgreSQL. */
export function cpuTimes(system, cluster) {
  const { services, postgres } = sumByGroup(system, cluster, cpuMsOf);
  return { ...services, postgres };
}

/** The CPU each process spent between two `cpuTimes`, in ms, and per unit of work (µs) when `units` is given. */
export function cpuSpent(before, after, units) {
  const spent = Object.fromEntries(
    Object.keys(after).map((k) => [k, after[k] === null ? null : Math.round(after[k] - (before[k] ?? 0))]),
  );
  let total = 0;
  for (const ms of Object.values(spent)) total += ms ?? 0;
  const perUnitUs = units
    ? Object.fromEntries(
        Object.entries(spent).map(([k, v]) => [k, v === null ? null : Math.round((v * 1000) / units)]),
      )
    : undefined;
  return { ms: spent, totalMs: total, ...(perUnitUs ? { perUnitUs } : {}) };
}

/** The PSS of each service (its process and any children) and of the embedded PostgreSQL (every process). */
export function memory(system, cluster) {
  const { services, postgres } = sumByGroup(system, cluster, (pid) => pssMb(pid));
  const servicesTotal = Object.values(services).reduce((a, b) => a + b, 0);
  const r = (n) => Math.round(n);
  return {
    services: Object.fromEntries(Object.entries(services).map(([k, v]) => [k, r(v)])),
    servicesTotal: r(servicesTotal),
    postgres: postgres === null ? null : r(postgres),
    total: r(servicesTotal + (postgres ?? 0)),
  };
}

export async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Polls `probe` (resolving to a number) until it reaches `target`, printing progress; resolves with the ms taken. */
export async function waitUntil(label, probe, target, { stallMs = 60_000, since = Date.now() } = {}) {
  let last = Date.now();
  let seen = -1;
  let movedAt = Date.now();
  for (;;) {
    const value = await probe();
    if (value >= target) return Date.now() - since;
    if (value !== seen) [seen, movedAt] = [value, Date.now()];
    if (Date.now() - movedAt > stallMs)
      throw Object.assign(new Error(`${label}: stuck at ${value}/${target} for ${stallMs / 1000} s`), {
        stalledAt: value,
        movedMs: movedAt - since,
      });
    if (Date.now() - last > 2_000) {
      last = Date.now();
      const seconds = (Date.now() - since) / 1000;
      console.error(
        `  ${label}: ${value.toLocaleString('en')}/${target.toLocaleString('en')} after ${seconds.toFixed(0)} s (${Math.round(value / seconds)}/s)`,
      );
    }
    // 200 ms: each look counts a whole table (18 ms of PostgreSQL's CPU at 30,000 fees); every 100 ms it was 7 % of
    // PostgreSQL's time in a shuffle (pg_stat_statements), CPU taken from the system being measured.
    await new Promise((r) => setTimeout(r, 200));
  }
}
