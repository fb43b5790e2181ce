import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { destination } from 'pino';

/** Paths that must never reach a log line: credentials and tokens. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body.password',
  'req.body.refreshToken',
];

/**
 * One JSON line per request and event, to stdout. Written asynchronously: under load the lines of many requests
 * leave in one write instead of one blocking write each (pino flushes what is left when the process exits).
 */
export function loggerOptions(service: string, level: string): Params {
  return {
    pinoHttp: [
      {
        level,
        name: service,
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        // A response is logged by its status only: its headers are the same security headers every time (a
        // kilobyte per line), and the refresh cookie is never written.
        serializers: { res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }) },
        genReqId: (req: IncomingMessage) =>
          (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
        customLogLevel: (_req, res, error) =>
          error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      },
      destination({ dest: 1, sync: false }),
    ],
    exclude: [{ method: RequestMethod.GET, path: 'health' }],
  };
}
