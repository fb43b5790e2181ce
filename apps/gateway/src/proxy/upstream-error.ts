import { Logger } from '@nestjs/common';

const logger = new Logger('Proxy');
/** The part of a Fastify reply this needs (reply-from hands over HTTP/1 or HTTP/2 replies). */
interface ErrorReply {
  code(status: number): ErrorReply;
  header(name: string, value: string): ErrorReply;
  send(body: unknown): unknown;
}

/** Errors of the connection to a service that show the request never reached it: safe to send again. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * What the gateway answers when a service can't be reached, instead of reply-from's generic 500:
 * 503 + Retry-After when the service is down or restarting (nothing reached it), 504 when it did not answer
 * in time, 502 when it closed the connection before answering (the request may or may not have been applied).
 */
export function replyUpstreamError(reply: ErrorReply, service: string, error: Error): void {
  const cause = (error as { cause?: { code?: string; syscall?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code ?? '';
  // "connect ECONNRESET": the listener closed with our connection still in its backlog; nothing was sent.
  const notSent = NOT_SENT.has(code) || cause?.syscall === 'connect';
  const status = (error as { statusCode?: number }).statusCode;
  logger.warn(`${service}: upstream request failed (${code || 'no code'}: ${cause ?? error})`);
  if (notSent || code === 'FST_REPLY_FROM_SERVICE_UNAVAILABLE') {
    reply
      .code(503)
      .header('retry-after', '1')
      .send({
        statusCode: 503,
        error: 'Service Unavailable',
        message: `${service} is unavailable, try again`,
      });
  } else if (status === 504) {
    reply
      .code(504)
      .send({ statusCode: 504, error: 'Gateway Timeout', message: `${service} did not answer in time` });
  } else {
    reply.code(502).send({
      statusCode: 502,
      error: 'Bad Gateway',
      message: `${service} closed the connection before answering`,
    });
  }
}
