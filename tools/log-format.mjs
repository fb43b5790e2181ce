// `npm start`'s terminal: a service's pino JSON line turned into one short line (time, service, level, message,
// request or event id), coloured on a terminal. Files and LOG_FORMAT=json keep the JSON as it is.

const LEVELS = /** @type {Record<number, [string, number]>} */ ({
  10: ['TRACE', 90],
  20: ['DEBUG', 36],
  30: ['INFO', 32],
  40: ['WARN', 33],
  50: ['ERROR', 31],
  60: ['FATAL', 35],
});

/**
 * Whether `npm start` shows concise lines: on a terminal, unless LOG_FORMAT=json asks for the JSON.
 * @param {{ isTTY?: boolean }} stream
 * @param {Record<string, string | undefined>} env
 */
export function prettyLogs(stream, env) {
  if (env.LOG_FORMAT === 'json') return false;
  if (env.LOG_FORMAT === 'pretty') return true;
  return stream.isTTY === true;
}

/**
 * One service output line as shown: pino JSON → `12:00:01.234 tasks      INFO  message  POST /tasks 201 12ms
 * req=…`; anything else (a stack trace, a start-up error) as it came, after the service's name.
 * @param {string} service
 * @param {string} line
 * @param {{ color?: boolean }} [options]
 * @returns {string}
 */
export function formatLogLine(service, line, { color = false } = {}) {
  const paint = (/** @type {number} */ code, /** @type {string} */ text) =>
    color ? `\u001b[${code}m${text}\u001b[0m` : text;
  const name = service.padEnd(10);
  /** @type {Record<string, any> | null} */
  let entry = null;
  if (line.startsWith('{')) {
    try {
      entry = JSON.parse(line);
    } catch {
      entry = null;
    }
  }
  if (!entry || typeof entry.level !== 'number')
    return `${paint(2, '--:--:--.---')} ${paint(1, name)} ${line}`;
  const [label, code] = LEVELS[entry.level] ?? ['LOG', 0];
  const time = new Date(entry.time ?? Date.now()).toISOString().slice(11, 23);
  const request = entry.req
    ? `${entry.req.method} ${entry.req.url}${entry.res ? ` ${entry.res.statusCode}` : ''}${
        entry.responseTime !== undefined ? ` ${entry.responseTime}ms` : ''
      }`
    : '';
  const ids = [
    entry.req?.id && `req=${entry.req.id}`,
    (entry.event_id ?? entry.eventId) && `event=${entry.event_id ?? entry.eventId}`,
  ].filter(Boolean);
  const context = entry.context ? `${paint(2, `[${entry.context}]`)} ` : '';
  const message = typeof entry.msg === 'string' ? entry.msg : '';
  const error = entry.err?.message ? ` ${paint(31, entry.err.message)}` : '';
  const tail = [request, ...ids].filter(Boolean).join(' ');
  return `${paint(2, time)} ${paint(1, name)} ${paint(code, label.padEnd(5))} ${context}${message}${error}${
    tail ? `  ${paint(2, tail)}` : ''
  }`;
}
