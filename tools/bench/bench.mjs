#!/usr/bin/env node
// `npm run bench`: the whole system on this machine, beside same-run raw baselines (issue 14). On demand only,
// never a test. Embedded PostgreSQL and the PostgreSQL event log by default; Kafka when KAFKA_BROKERS is set
// (hold /tmp/ates-kafka.lock on a shared broker). Prints JSON, saves it in docs/bench/, rewrites
// docs/benchmarks.md. See `npm run bench -- --help`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchedInsert, fastifyHello, rowPerTransaction } from './lib/baselines.mjs';
import { closedLoop, openLoop, quantile, request, round } from './lib/load.mjs';
import { lagStages } from './lib/lag-stages.mjs';
import { writeReport } from './lib/report.mjs';
import {
  ADMIN_PASSWORD,
  cpuSpent,
  cpuTimes,
  memory,
  startDatabase,
  System,
  waitUntil,
  withClient,
} from './lib/system.mjs';
import { ROOT } from '../services.mjs';
import { build, isBuilt } from '../build/build.mjs';
import http from 'node:http';

const PHASES = ['baselines', 'post', 'lag', 'shuffle', 'close', 'memory', 'coldstart'];
const HELP = `npm run bench -- [--quick] [--phases=${PHASES.join(',')}] [--shuffle=10000,100000]
    [--close=10000,100000] [--rates=100,500] [--seconds=20] [--label=latest] [--no-docs] [--profile=DIR]
  --quick      small sizes (shuffle 10000, close 10000, 5 s load phases): a few minutes
  --label      the results go to docs/bench/<label>-<transport>.json; docs/benchmarks.md shows every saved run,
               oldest first, and sets the runs labelled quiet-start, final and final-2 beside issue 14's figures as filed
  --no-docs    print the JSON only: save nothing, rewrite nothing`;

function options(argv) {
  const args = Object.fromEntries(
    argv.map((a) => {
      const [k, v] = a.replace(/^--/, '').split('=');
      return [k, v ?? true];
    }),
  );
  if (args.help) {
    console.log(HELP);
    process.exit(0);
  }
  const quick = Boolean(args.quick);
  const list = (v, fallback) => (v ? String(v).split(',').map(Number) : fallback);
  return {
    quick,
    phases: args.phases ? String(args.phases).split(',') : PHASES,
    shuffles: list(args.shuffle, quick ? [10_000] : [10_000, 100_000]),
    closes: list(args.close, quick ? [10_000] : [10_000, 100_000]),
    rates: list(args.rates, [100, 500]),
    seconds: Number(args.seconds ?? (quick ? 5 : 20)),
    label: String(args.label ?? 'latest'),
    profile: args.profile ? String(args.profile) : null,
    docs: !args['no-docs'],
  };
}

const opts = options(process.argv.slice(2));
const transport = process.env.KAFKA_BROKERS ? 'kafka' : 'postgres';
const log = (line) => console.error(`[bench] ${line}`);
const results = {
  label: opts.label,
  at: new Date().toISOString(),
  transport,
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  options: opts,
  figures: {},
};
const has = (phase) => opts.phases.includes(phase);
/** A figure that never completes (events lost or stuck) is recorded as such instead of ending the run. */
async function orStalled(work) {
  try {
    return await work();
  } catch (error) {
    if (error.stalledAt === undefined) throw error;
    log(error.message);
    results.problems = [...(results.problems ?? []), error.message];
    return { incomplete: true, reached: error.stalledAt, ms: error.movedMs };
  }
}

if (!isBuilt()) {
  log('dist/ is missing or older than the sources: building the services first');
  build();
}
const dataDir = mkdtempSync(join(tmpdir(), 'ates-bench-'));
const pgPort = Number(process.env.ATES_PG_PORT || 54339);
log(
  `PostgreSQL (${process.env.DATABASE_URL ? 'DATABASE_URL' : `embedded on ${pgPort}`}), events on ${transport}`,
);
// --profile also loads pg_stat_statements: the statements by total time go to DIR/pg_stat_statements.json.
const database = await startDatabase({
  dataDir,
  port: pgPort,
  log,
  settings: [
    'track_commit_timestamp=on',
    ...(opts.profile ? ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.max=1000'] : []),
  ],
});
const env = {
  ...process.env,
  DATABASE_URL: database.url,
  ATES_ADMIN_PASSWORD: ADMIN_PASSWORD,
  ARGON2_MEMORY_KIB: process.env.ARGON2_MEMORY_KIB ?? '19456',
  SIGNUPS_PER_HOUR: '1000', // the bench signs up its workers from one address
};
// --profile=DIR: a CPU profile of every service, written into DIR when the services stop (open in Chrome DevTools).
const system = new System(env, opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${opts.profile}`] : []);
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, async () => {
    log(`${signal}: stopping the system`);
    await system.stop();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(130);
  });
const gateway = system.url('gateway');
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
const api = async (method, path, body, token) => {
  const reply = await request(agent, gateway + path, {
    method,
    body,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (reply.status >= 400) throw new Error(`${method} ${path}: ${reply.status} ${reply.text}`);
  return reply.text ? JSON.parse(reply.text) : undefined;
};
const sql = (text, params) => withClient(database.url, (db) => db.query(text, params));
if (opts.profile) await sql('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');

/** The 40 statements that took PostgreSQL the most time in this run (pg_stat_statements, with --profile). */
async function saveStatements(dir) {
  const file = join(dir, 'pg_stat_statements.json');
  const { rows } = await sql(
    `SELECT round(total_exec_time)::int AS total_ms, calls, rows, round(mean_exec_time::numeric, 3) AS mean_ms,
            shared_blks_hit + shared_blks_read AS blocks, wal_bytes, left(regexp_replace(query, '\\s+', ' ', 'g'), 300) AS query
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 40`,
  );
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
  log(`the statements by total time: ${file}`);
}
const count = async (text, params) => Number((await sql(text, params)).rows[0].n);

try {
  if (has('baselines')) {
    log('baselines: raw Fastify hello, raw pg batched insert, one row per transaction');
    results.baselines = {
      fastifyHello: await fastifyHello({ root: ROOT, concurrency: 32, seconds: opts.seconds }),
      pgBatchedInsert: await batchedInsert({ url: database.url, rows: opts.quick ? 100_000 : 300_000 }),
      pgRowPerTransaction: await rowPerTransaction({ url: database.url, seconds: opts.quick ? 5 : 10 }),
    };
    log(JSON.stringify(results.baselines));
  }

  log('starting the system');
  results.figures.firstStartMs = await system.start();
  log(`up in ${results.figures.firstStartMs} ms`);
  const admin = (await api('POST', '/auth/login', { username: 'admin', password: ADMIN_PASSWORD }))
    .accessToken;
  const WORKERS = 20;
  for (let i = 0; i < WORKERS; i++)
    await api('POST', '/auth/signup', {
      username: `bench-${i}`,
      email: `bench-${i}@popug.test`,
      password: 'bench-password',
      fullName: `Bench Popug ${i}`,
    });
  await waitUntil(
    'workers known to tasks',
    () => count(`SELECT count(*) AS n FROM tasks.accounts WHERE active AND role = 'worker'`),
    WORKERS,
  );
  if (has('memory')) {
    await new Promise((r) => setTimeout(r, 5_000));
    results.figures.memoryIdleMb = memory(system, database.cluster);
    log(`idle memory: ${JSON.stringify(results.figures.memoryIdleMb)}`);
  }
  const feesCharged = () =>
    count(`SELECT count(*) AS n FROM accounting.entries WHERE kind = 'assignment_fee'`);
  const feesInAnalytics = () =>
    count(`SELECT count(*) AS n FROM analytics.transactions WHERE kind = 'assignment_fee'`);
  const drain = async (label) => {
    const target = await count(`SELECT count(*) AS n FROM tasks.tasks`);
    await waitUntil(label, feesCharged, target);
  };

  if (has('post')) {
    log(`POST /tasks, 32 concurrent, ${opts.seconds} s`);
    /** @type {any} */
    let peak = null;
    const sampler = setInterval(() => {
      const now = memory(system, database.cluster);
      if (!peak || now.total > peak.total) peak = now;
    }, 1_000);
    const tasksBefore = await count(`SELECT count(*) AS n FROM tasks.tasks`);
    const cpuBefore = cpuTimes(system, database.cluster);
    results.figures.postTasks = await closedLoop({
      url: gateway,
      concurrency: 32,
      seconds: opts.seconds,
      make: (i) => ({
        method: 'POST',
        path: '/tasks',
        body: { title: `Bench task ${i}` },
        headers: { authorization: `Bearer ${admin}` },
      }),
    });
    clearInterval(sampler);
    if (has('memory')) results.figures.memoryUnderLoadMb = peak;
    await orStalled(() => drain('fees of the created tasks'));
    // CPU of each process for the requests and everything they caused downstream; perUnitUs: per task created
    results.figures.postTasks.cpu = cpuSpent(
      cpuBefore,
      cpuTimes(system, database.cluster),
      (await count(`SELECT count(*) AS n FROM tasks.tasks`)) - tasksBefore, // the warm-up's too
    );
    log(JSON.stringify(results.figures.postTasks));
  }

  if (has('lag')) {
    results.figures.lag = [];
    for (const rate of opts.rates) {
      const seconds = rate > 200 ? Math.max(3, Math.round(opts.seconds / 2)) : opts.seconds;
      log(`lag at ${rate} tasks/s for ${seconds} s`);
      const ids = [];
      const load = await openLoop({
        url: gateway,
        rate,
        seconds,
        make: (i) => ({
          method: 'POST',
          path: '/tasks',
          body: { title: `Lag task ${rate}/${i}` },
          headers: { authorization: `Bearer ${admin}` },
        }),
        onReply: (reply) => ids.push(JSON.parse(reply.text).id),
      });
      await orStalled(() =>
        waitUntil(
          `fees of ${rate}/s`,
          () =>
            count(
              `SELECT count(DISTINCT a.public_id) AS n FROM accounting.tasks a
               JOIN accounting.entries e ON e.task_id = a.id AND e.kind = 'assignment_fee'
              WHERE a.public_id = ANY($1::uuid[])`,
              [ids],
            ),
          ids.length,
        ),
      );
      const { rows } = await sql(
        `SELECT extract(epoch FROM min(e.created_at) - t.created_at) * 1000 AS ms
           FROM tasks.tasks t JOIN accounting.tasks a ON a.public_id = t.public_id
           JOIN accounting.entries e ON e.task_id = a.id AND e.kind = 'assignment_fee'
          WHERE t.public_id = ANY($1::uuid[]) GROUP BY t.public_id, t.created_at`,
        [ids],
      );
      const lags = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
      const figure = {
        rate,
        achieved: load.perSecond,
        tasks: ids.length,
        errors: load.errors,
        requestP99: load.p99,
        p50: round(quantile(lags, 0.5)),
        p99: round(quantile(lags, 0.99)),
        max: round(lags[lags.length - 1]),
        stages: await lagStages(sql, ids),
      };
      results.figures.lag.push(figure);
      log(JSON.stringify(figure));
    }
  }

  if (has('shuffle')) {
    results.figures.shuffle = [];
    for (const size of opts.shuffles) {
      const open = await count(`SELECT count(*) AS n FROM tasks.tasks WHERE status = 'open'`);
      if (size > open) {
        log(
          `adding ${size - open} open tasks straight into tasks' table (no events: accounting meets them in the shuffle)`,
        );
        await sql(
          `INSERT INTO tasks.tasks (title, assignee_id, created_by)
           SELECT 'Shuffle task ' || i, w.ids[1 + i % array_length(w.ids, 1)], w.ids[1]
             FROM generate_series(1, $1::int) AS i,
                  (SELECT array_agg(public_id) AS ids FROM tasks.accounts WHERE active AND role = 'worker') AS w`,
          [size - open],
        );
      }
      const before = await feesCharged();
      const beforeAnalytics = await feesInAnalytics();
      log(`shuffle of ${size} open tasks`);
      const cpuBefore = cpuTimes(system, database.cluster);
      const started = Date.now();
      const reply = await api('POST', '/tasks/shuffle', undefined, admin);
      const responseMs = Date.now() - started;
      /** @type {any} */
      let peak = null;
      const sampler = setInterval(() => {
        const now = memory(system, database.cluster);
        if (!peak || now.total > peak.total) peak = now;
      }, 1_000);
      const chargedMs = await orStalled(() =>
        waitUntil(
          `fees charged (shuffle ${size})`,
          async () => (await feesCharged()) - before,
          reply.reassigned,
          { since: started },
        ),
      );
      const analyticsMs = await orStalled(() =>
        waitUntil(
          `fees in analytics (shuffle ${size})`,
          async () => (await feesInAnalytics()) - beforeAnalytics,
          reply.reassigned,
          { since: started },
        ),
      );
      clearInterval(sampler);
      const cpu = cpuSpent(cpuBefore, cpuTimes(system, database.cluster), reply.reassigned);
      // A stalled wait gives what was reached and when it last moved: the rate is then of the fees charged.
      const charged = chargedMs?.incomplete ? chargedMs.reached : reply.reassigned;
      const chargedIn = chargedMs?.incomplete ? chargedMs.ms : chargedMs;
      const figure = {
        size: reply.reassigned,
        responseMs,
        charged,
        chargedMs: chargedIn,
        feesPerSecond: round((charged / chargedIn) * 1000, 0),
        analyticsMs: analyticsMs?.incomplete ? null : analyticsMs,
        peakMemoryMb: peak?.total ?? null,
        /** CPU of each process from the request until analytics held every fee; perUnitUs: per task shuffled */
        cpu,
      };
      results.figures.shuffle.push(figure);
      log(JSON.stringify(figure));
    }
  }

  if (has('close')) {
    results.figures.close = [];
    for (const size of opts.closes) {
      log(`day close with ${size} accounts holding balances (loaded straight into accounting's tables)`);
      await sql(
        `WITH c AS (SELECT id FROM accounting.billing_cycles WHERE status = 'open'),
         t AS (
           INSERT INTO accounting.tasks (public_id, assignment_fee, completion_reward)
           SELECT gen_random_uuid(), 1500, 3000 FROM generate_series(1, $1::int) RETURNING id
         ),
         a AS (
           INSERT INTO accounting.accounts (public_id, balance)
           SELECT gen_random_uuid(), 3000 FROM generate_series(1, $1::int) RETURNING id
         ),
         pairs AS (
           SELECT a.id AS account_id, t.id AS task_id
             FROM (SELECT id, row_number() OVER () AS n FROM a) AS a
             JOIN (SELECT id, row_number() OVER () AS n FROM t) AS t USING (n)
         )
         INSERT INTO accounting.entries (account_id, cycle_id, kind, credit, task_id, description)
         SELECT p.account_id, c.id, 'completion_reward', 3000, p.task_id, 'bench reward' FROM pairs p, c`,
        [size],
      );
      const payoutsBefore = await count(
        `SELECT count(*) AS n FROM analytics.transactions WHERE kind = 'payout'`,
      );
      const cpuBefore = cpuTimes(system, database.cluster);
      const started = Date.now();
      const reply = await api('POST', '/accounting/billing-cycles/close', undefined, admin);
      const responseMs = Date.now() - started;
      const analyticsMs = await orStalled(() =>
        waitUntil(
          `payouts in analytics (close ${size})`,
          async () =>
            (await count(`SELECT count(*) AS n FROM analytics.transactions WHERE kind = 'payout'`)) -
            payoutsBefore,
          reply.payouts,
          { since: started },
        ),
      );
      const figure = {
        accounts: size,
        payouts: reply.payouts,
        responseMs,
        analyticsMs: analyticsMs?.incomplete ? null : analyticsMs,
        /** CPU of each process until analytics held every payout; perUnitUs: per account paid */
        cpu: cpuSpent(cpuBefore, cpuTimes(system, database.cluster), reply.payouts),
      };
      results.figures.close.push(figure);
      log(JSON.stringify(figure));
    }
  }

  if (has('memory')) {
    await new Promise((r) => setTimeout(r, 10_000));
    results.figures.memoryAfterRunMb = memory(system, database.cluster);
    log(`memory idle after the run: ${JSON.stringify(results.figures.memoryAfterRunMb)}`);
    // V8 returns a burst's garbage only at its next full collections (its memory reducer runs when a process has
    // been idle a while): the same processes once more, a minute after the run.
    await new Promise((r) => setTimeout(r, 50_000));
    results.figures.memoryAfterRunSettledMb = memory(system, database.cluster);
    log(`memory idle a minute after the run: ${JSON.stringify(results.figures.memoryAfterRunSettledMb)}`);
  }

  if (has('coldstart')) {
    log('cold start: stopping the services and starting them again on the migrated database');
    await system.stop();
    results.figures.coldStartMs = await system.start();
    log(`cold start ${results.figures.coldStartMs} ms`);
  }
  if (opts.profile) await saveStatements(opts.profile);
} finally {
  agent.destroy();
  await system.stop();
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(JSON.stringify(results, null, 2));
if (opts.docs) {
  const saved = join(ROOT, 'docs', 'bench');
  mkdirSync(saved, { recursive: true });
  // As prettier writes it (the repository's settings), so that `npm run format:check` passes on a saved run.
  const { format, resolveConfig } = await import('prettier');
  const file = join(saved, `${opts.label}-${transport}.json`);
  const settings = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(JSON.stringify(results, null, 2), { ...settings, filepath: file }));
  writeReport(ROOT);
}
