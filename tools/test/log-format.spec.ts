// Issue 16 §5: `npm start` shows concise lines on a terminal, and keeps the JSON for files and LOG_FORMAT=json.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Calls tools/log-format.mjs (an ES module) in a child process. */
function call(fn: 'formatLogLine' | 'prettyLogs', ...args: unknown[]): unknown {
  const script = `import * as f from './tools/log-format.mjs';
    console.log(JSON.stringify(f.${fn}(...${JSON.stringify(args)})));`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }),
  );
}

const time = Date.UTC(2026, 11, 2, 9, 5, 7, 123);

describe('npm start log lines', () => {
  it('turns a pino request line into time, service, level, message, request and its id', () => {
    const line = JSON.stringify({
      level: 30,
      time,
      pid: 1,
      hostname: 'h',
      name: 'tasks',
      req: { id: 'req-1', method: 'POST', url: '/tasks', headers: { authorization: '[redacted]' } },
      res: { statusCode: 201 },
      responseTime: 12,
      msg: 'request completed',
    });
    expect(call('formatLogLine', 'tasks', line)).toBe(
      '09:05:07.123 tasks      INFO  request completed  POST /tasks 201 12ms req=req-1',
    );
  });

  it('shows the context, the event id and an error message; colours only when asked', () => {
    const line = JSON.stringify({
      level: 50,
      time,
      context: 'Inbox',
      msg: 'handler failed',
      event_id: 'ev-9',
      err: { message: 'boom' },
    });
    expect(call('formatLogLine', 'accounting', line)).toBe(
      '09:05:07.123 accounting ERROR [Inbox] handler failed boom  event=ev-9',
    );
    expect(call('formatLogLine', 'accounting', line, { color: true })).toBe(
      '\u001b[2m09:05:07.123\u001b[0m \u001b[1maccounting\u001b[0m \u001b[31mERROR\u001b[0m \u001b[2m[Inbox]\u001b[0m ' +
        'handler failed \u001b[31mboom\u001b[0m  \u001b[2mevent=ev-9\u001b[0m',
    );
  });

  it('passes lines that are not pino JSON through after the service name', () => {
    expect(call('formatLogLine', 'auth', 'Error: listen EADDRINUSE')).toBe(
      '--:--:--.--- auth       Error: listen EADDRINUSE',
    );
  });

  it('is pretty on a terminal only, unless LOG_FORMAT says otherwise', () => {
    expect(call('prettyLogs', { isTTY: true }, {})).toBe(true);
    expect(call('prettyLogs', {}, {})).toBe(false); // a file or a pipe: JSON
    expect(call('prettyLogs', { isTTY: true }, { LOG_FORMAT: 'json' })).toBe(false);
    expect(call('prettyLogs', {}, { LOG_FORMAT: 'pretty' })).toBe(true);
  });
});
