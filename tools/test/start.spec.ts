// Issue 16 §3, §4: a second `npm start` never claims someone else's system, and names who holds its ports.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** A listener on a free port, answering /health like a running aTES of another run. */
async function otherAtes(): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) =>
    res
      .setHeader('content-type', 'application/json')
      .end('{"status":"ok","services":{},"runId":"someone-else"}'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

async function freePorts(count: number): Promise<number[]> {
  const held = await Promise.all(Array.from({ length: count }, otherAtes));
  await Promise.all(held.map(({ server }) => new Promise((resolve) => server.close(resolve))));
  return held.map(({ port }) => port);
}

function npmStart(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.KAFKA_BROKERS;
  return spawnSync(process.execPath, ['tools/start.mjs'], {
    cwd: root,
    env: { ...base, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('npm start with its ports taken', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ates-start-test-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses before starting anything when another aTES holds the gateway port, naming the process', async () => {
    const other = await otherAtes();
    const [auth, tasks, accounting, analytics, pg] = await freePorts(5);
    try {
      const run = npmStart({
        PORT: String(other.port),
        AUTH_PORT: String(auth),
        TASKS_PORT: String(tasks),
        ACCOUNTING_PORT: String(accounting),
        ANALYTICS_PORT: String(analytics),
        ATES_PG_PORT: String(pg),
        ATES_DATA_DIR: dataDir,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('Cannot start aTES: a port it needs is taken.');
      const command = readFileSync(`/proc/${process.pid}/cmdline`, 'utf8').split('\0').join(' ').slice(0, 60);
      expect(run.stderr).toContain(`port ${other.port} is held by "${command}`);
      expect(run.stderr).toContain(`(pid ${process.pid}); set by PORT (the gateway)`);
      expect(run.stdout).not.toContain('aTES is up');
      expect(existsSync(join(dataDir, 'postgres'))).toBe(false); // no PostgreSQL started
    } finally {
      await new Promise((resolve) => other.server.close(resolve));
    }
  });

  it('names the PostgreSQL that holds ATES_PG_PORT and how to choose another port', async () => {
    const testDatabase = new URL(process.env.TEST_DATABASE_URL ?? '');
    const [gateway, auth, tasks, accounting, analytics] = await freePorts(5);
    const pgPort = Number(testDatabase.port || 5432);
    const run = npmStart({
      PORT: String(gateway),
      AUTH_PORT: String(auth),
      TASKS_PORT: String(tasks),
      ACCOUNTING_PORT: String(accounting),
      ANALYTICS_PORT: String(analytics),
      ATES_PG_PORT: String(pgPort),
      ATES_DATA_DIR: dataDir,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `port ${pgPort} is held by PostgreSQL with its data in \\S+ \\(pid \\d+\\); set by ATES_PG_PORT`,
      ),
    );
    expect(run.stderr).toContain(`ATES_PG_PORT=${pgPort + 1} npm start`);
    expect(run.stderr).not.toContain('password authentication failed');
  });

  it('waits for its own run id in /health: a healthy system of another run never counts as up', async () => {
    const other = await otherAtes();
    const script = `import { waitForHealthy } from './tools/services.mjs';
      const url = 'http://127.0.0.1:${other.port}/health';
      await waitForHealthy(url, 5000, 'someone-else');
      await waitForHealthy(url, 1500, 'mine').then(() => console.log('up'), (e) => console.log(e.message));`;
    try {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      await new Promise((resolve) => child.once('exit', resolve));
      expect(output.trim()).toBe(
        `http://127.0.0.1:${other.port}/health not healthy after 1500 ms (it answers for another run: someone-else)`,
      );
    } finally {
      await new Promise((resolve) => other.server.close(resolve));
    }
  });
});
