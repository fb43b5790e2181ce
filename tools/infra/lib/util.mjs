// Small process / filesystem / network helpers shared by the infra commands.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/**
 * Progress messages go to stderr so that stdout carries only the `export ...` lines that
 * `eval "$(npm run -s infra:up | grep ^export)"` is after.
 */
export function log(message) {
  process.stderr.write(`[infra] ${message}\n`);
}

/** An error whose message is meant for the user as-is (no stack trace is printed for it). */
export class InfraError extends Error {
  /**
   * @param {string} message
   * @param {{ details?: string }} [options]
   */
  constructor(message, { details } = {}) {
    super(message);
    this.name = 'InfraError';
    this.details = details; // extra text (e.g. a log tail) printed after the message
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Formats a duration in ms as e.g. "12.3 s". */
export const secondsSince = (startMs) => `${((Date.now() - startMs) / 1000).toFixed(1)} s`;

/**
 * True if a process with this pid exists and is not a zombie. Signal 0 only checks existence;
 * a zombie (exited, not yet reaped — common in containers whose PID 1 does not reap) also
 * "exists", so on Linux its state is read from /proc as well.
 */
export function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (err.code !== 'EPERM') return false; // EPERM: exists but belongs to someone else
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return !fs.existsSync('/proc/self/stat'); // vanished meanwhile, or no /proc (macOS): trust kill(0)
  }
}

/** The command line of a process as one string ('' when unknown, e.g. not on Linux). */
export function cmdlineOf(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** Pids of all processes whose command line contains every one of `needles` (Linux /proc scan). */
export function findPids(...needles) {
  let entries;
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => pid !== process.pid)
    .filter((pid) => {
      const cmd = cmdlineOf(pid);
      return cmd !== '' && needles.every((needle) => cmd.includes(needle));
    });
}

/** Resolves true if something accepts a TCP connection on host:port within timeoutMs. */
export function portOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Last `lines` lines of a text file ('' if it does not exist). Reads at most the last 64 KiB. */
export function tail(file, lines = 40) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    return buffer
      .toString('utf8')
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } catch {
    return '';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Runs a command to completion and collects its output.
 * Rejects with an InfraError (including the output) on a non-zero exit unless `allowFailure`.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, allowFailure?: boolean }} [options]
 */
export function run(command, args, { cwd, env, allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      reject(err);
      return;
    }
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', (err) => {
      if (/** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT')
        reject(new InfraError(`'${command}' was not found on PATH`));
      else reject(err);
    });
    child.once('close', (code, signal) => {
      const result = { code, signal, stdout, stderr };
      if (code === 0 || allowFailure) resolve(result);
      else {
        reject(
          new InfraError(`${command} ${args.join(' ')} failed (exit ${code ?? signal})`, {
            details: `${stdout}${stderr}`.trim(),
          }),
        );
      }
    });
  });
}

/**
 * Runs `fn` while holding an exclusive lock file, so that two `up`/`down` runs on the same
 * ATES_INFRA_DIR (say, two terminals, or parallel CI steps) never race each other.
 * A lock left behind by a dead process is taken over.
 */
export async function withLock(lockFile, fn, { waitMs = 180_000 } = {}) {
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (!isAlive(owner)) {
        fs.rmSync(lockFile, { force: true }); // stale: its owner died without cleaning up
        continue;
      }
      if (Date.now() > deadline) {
        throw new InfraError(`another infra command (pid ${owner}) still holds ${lockFile}`);
      }
      if (!announced) log(`waiting for another infra command (pid ${owner}) to finish...`);
      announced = true;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

/**
 * Imports an npm dependency of the repository (kafkajs, pg) lazily, so that `down` and `status`
 * work even before `npm install`, and `up` fails with a hint instead of a resolver stack trace.
 */
export async function importDependency(name) {
  try {
    const mod = await import(name);
    return mod.default ?? mod; // both are CommonJS packages: module.exports is the default export
  } catch (err) {
    if (err.code === 'ERR_MODULE_NOT_FOUND') {
      throw new InfraError(
        `the npm package '${name}' is not installed — run \`npm ci\` at the repo root first`,
      );
    }
    throw err;
  }
}
