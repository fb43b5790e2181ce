// Who holds a local TCP port: `npm start` checks its ports before it spawns anything, and names the holder.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Whether a listener could bind `port` on 127.0.0.1 now (nothing else listens there, nor on all interfaces).
 * @param {number} port
 * @returns {Promise<boolean>}
 */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * @typedef {{ pid: number, command: string, dataDir?: string }} PortHolder
 * The process listening on `port`, from /proc (Linux); null where that can't be seen (another user's process
 * without the rights to see it, or no /proc).
 * @param {number} port
 * @returns {PortHolder | null}
 */
export function portHolder(port) {
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const row of text.split('\n').slice(1)) {
      const fields = row.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT, st 0A is LISTEN, the inode is the 10th field
      if (fields.length > 9 && fields[3] === '0A' && parseInt(fields[1].split(':')[1], 16) === port)
        inodes.add(fields[9]);
    }
  }
  if (inodes.size === 0) return null;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let fds = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return describe(Number(pid));
    }
  }
  return null;
}

/** @param {number} pid @returns {PortHolder} */
function describe(pid) {
  let args = [];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    // gone meanwhile
  }
  const at = args.indexOf('-D');
  return {
    pid,
    command: args.join(' ') || '?',
    ...(at >= 0 && args[at + 1] ? { dataDir: args[at + 1] } : {}),
  };
}

/**
 * A sentence naming who holds `port`, for an error message.
 * @param {number} port
 * @returns {string}
 */
export function describeHolder(port) {
  const holder = portHolder(port);
  if (!holder) return `port ${port} is in use (by a process this user can't see)`;
  const what = /(^|\/)postgres(\s|$)/.test(holder.command.split(' ')[0] ?? '')
    ? `PostgreSQL${holder.dataDir ? ` with its data in ${holder.dataDir}` : ''}`
    : `"${holder.command.length > 120 ? `${holder.command.slice(0, 117)}…` : holder.command}"`;
  return `port ${port} is held by ${what} (pid ${holder.pid})`;
}
