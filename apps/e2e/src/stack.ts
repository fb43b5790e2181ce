import { BACKEND_SERVICES, DEFAULT_PORTS, type ServiceName, TEST_ADMIN_PASSWORD } from '@ates/config';
import { appendToLog, inTransaction } from '@ates/messaging';
import { createTestDatabase, SmtpTestServer, startSmtpTestServer, TestDatabase } from '@ates/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { KafkaTools } from './kafka-tools';

const ROOT = join(__dirname, '..', '..', '..');
export type Service = ServiceName;
/** Backends first, the gateway last: its /health waits for them. */
export const SERVICES: readonly Service[] = [...BACKEND_SERVICES, 'gateway'];
/**
 * The ports the stack's services listen on: the defaults, moved by E2E_PORT_OFFSET (two checkouts can then run
 * their suites side by side on one machine).
 */
const PORT_OFFSET = Number(process.env['E2E_PORT_OFFSET'] ?? 0);
export const PORTS = Object.fromEntries(
  Object.entries(DEFAULT_PORTS).map(([service, port]) => [service, port + PORT_OFFSET]),
) as typeof DEFAULT_PORTS;
/** The variables that put each service on its stack port (PORT for the gateway, <SERVICE>_PORT otherwise). */
const PORT_ENV = Object.fromEntries(
  SERVICES.map((s) => [s === 'gateway' ? 'PORT' : `${s.toUpperCase()}_PORT`, String(PORTS[s])]),
);
export const ADMIN_PASSWORD = TEST_ADMIN_PASSWORD;

export type Transport = 'kafka' | 'postgres';

/**
 * The transport the stack runs on: E2E_EVENT_TRANSPORT (each Jest config sets it), else Kafka when
 * KAFKA_BROKERS is set, else the PostgreSQL event log (the embedded mode's).
 */
export function stackTransport(): Transport {
  const chosen = process.env['E2E_EVENT_TRANSPORT'];
  if (chosen === 'kafka' || chosen === 'postgres') return chosen;
  return process.env['KAFKA_BROKERS'] ? 'kafka' : 'postgres';
}

/**
 * The whole system as separate processes on a fresh PostgreSQL database, its events on real Kafka or on the
 * PostgreSQL event log.
 */
export class Stack {
  private readonly processes = new Map<Service, ChildProcess>();
  private readonly killed = new WeakSet<ChildProcess>();
  private db!: TestDatabase;
  private ownsDatabase = true;
  /** Every e-mail the services send arrives here, over real SMTP. */
  mail!: SmtpTestServer;
  private env!: NodeJS.ProcessEnv;
  readonly gateway = `http://127.0.0.1:${PORTS.gateway}`;
  readonly transport = stackTransport();
  brokers: string[] = [];

  /** The stack's database (every service's schema), e.g. for `npm run ledger:check`. */
  get databaseUrl(): string {
    return this.db.url;
  }

  /** Starts every service; on `database` if given (it is then the caller's to drop), else on a fresh one. */
  async start(extraEnv: NodeJS.ProcessEnv = {}, database?: TestDatabase): Promise<void> {
    const brokers = this.transport === 'kafka' ? process.env['KAFKA_BROKERS'] : undefined;
    if (this.transport === 'kafka' && !brokers)
      throw new Error('KAFKA_BROKERS is not set: run `eval "$(npm run -s infra:up | grep ^export)"` first');
    this.brokers = brokers ? brokers.split(',').map((b) => b.trim()) : [];
    this.db = database ?? (await createTestDatabase('ates_e2e'));
    this.ownsDatabase = database === undefined;
    this.mail = await startSmtpTestServer();
    this.env = {
      ...process.env,
      DATABASE_URL: this.db.url,
      KAFKA_BROKERS: brokers ?? '',
      EVENT_TRANSPORT: this.transport,
      ATES_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'warn',
      ARGON2_MEMORY_KIB: '19456',
      SMTP_URL: this.mail.url,
      ...PORT_ENV,
      ...extraEnv,
    };
    for (const service of SERVICES) this.spawn(service);
    await this.waitHealthy(`${this.gateway}/health`, 120_000);
  }

  spawn(service: Service, extraEnv: NodeJS.ProcessEnv = {}): void {
    const logs = join(ROOT, 'tmp', 'e2e-logs');
    mkdirSync(logs, { recursive: true });
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join('apps', service, 'src', 'main.ts')],
      {
        cwd: ROOT,
        env: { ...this.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const log = createWriteStream(join(logs, `${service}.log`), { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.processes.set(service, child);
  }

  /** Kills a service the hard way (no shutdown hooks: in-flight work is simply lost). */
  async kill(service: Service): Promise<void> {
    if (this.processes.get(service)?.exitCode === null) await this.signal(service, 'SIGKILL');
  }

  /** SIGTERM, as an orchestrator stops a service: resolves with its exit code and how long it took. */
  terminate(service: Service): Promise<{ code: number | null; signal: string | null; ms: number }> {
    return this.signal(service, 'SIGTERM');
  }

  private signal(service: Service, signal: NodeJS.Signals) {
    const child = this.processes.get(service);
    if (!child || child.exitCode !== null) throw new Error(`${service} is not running`);
    const started = Date.now();
    const exited = new Promise<{ code: number | null; signal: string | null; ms: number }>((resolve) =>
      child.once('exit', (code, by) => resolve({ code, signal: by, ms: Date.now() - started })),
    );
    this.killed.add(child); // an exit the stack asked for: not a start-up failure
    child.kill(signal);
    return exited;
  }

  /** A query on the stack's database (every service's schema). */
  async query(sql: string, params: unknown[] = []): Promise<{ rows: Record<string, unknown>[] }> {
    const db = new Client({ connectionString: this.db.url });
    await db.connect();
    try {
      return await db.query(sql, params);
    } finally {
      await db.end();
    }
  }

  /** Publishes one message as another producer would (an old version of a service): on the stack's transport. */
  async publish(topic: string, key: string, value: string): Promise<void> {
    if (this.transport === 'kafka') return new KafkaTools(this.brokers).publish(topic, [{ key, value }]);
    const db = new Client({ connectionString: this.db.url });
    await db.connect();
    try {
      await inTransaction(db, () => appendToLog(db, [{ topic, key, value, headers: {} }]));
    } finally {
      await db.end();
    }
  }

  /** A service's counters (`GET /metrics`, Prometheus text): the sum of `name` over its series. */
  async metric(service: Service, name: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${PORTS[service]}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }

  /** Starts a stopped service again, with `extraEnv` on top of the stack's environment. */
  async restart(service: Service, extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
    this.spawn(service, extraEnv);
    await this.waitHealthy(`http://127.0.0.1:${PORTS[service]}/health`, 60_000);
  }

  /** Stops everything and drops the database, unless E2E_KEEP_DATABASE is set (to look into it afterwards). */
  async stop(): Promise<void> {
    await this.stopServices();
    await this.mail?.close();
    if (process.env['E2E_KEEP_DATABASE']) console.log(`e2e: database kept: ${this.db?.url}`);
    else if (this.ownsDatabase) await this.db?.drop();
  }

  /** SIGTERM to every service (SIGKILL after 10 s); the database stays. */
  async stopServices(): Promise<void> {
    await Promise.all(
      [...this.processes.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }

  private async waitHealthy(url: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return;
      } catch {
        // not yet
      }
      const dead = [...this.processes].find(
        ([, child]) => child.exitCode !== null && !this.killed.has(child),
      );
      if (dead)
        throw new Error(`${dead[0]} exited with ${dead[1].exitCode} while starting (see tmp/e2e-logs)`);
      if (Date.now() > deadline)
        throw new Error(`${url} not healthy after ${timeoutMs} ms (see tmp/e2e-logs)`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
