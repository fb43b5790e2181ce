import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The body parsed as "too large": the rest of it is read and dropped, and the request answered 413. */
const TOO_LARGE = Symbol('body too large');

const tooLarge = (reply: FastifyReply, limit: number) =>
  reply.code(413).send({
    statusCode: 413,
    message: `Request body is larger than ${limit} bytes`,
    error: 'Payload Too Large',
  });

/**
 * The services' body limit, enforced by the gateway before anything is proxied: a declared `Content-Length` over
 * the limit gets 413 at once, a chunked body as soon as it passes the limit. Either way the rest of the body is
 * read and dropped, so the client's keep-alive connection stays usable (Fastify's own parser errors close it,
 * and a close while the client still writes can reset the connection before the client reads the answer).
 *
 * A body within the limit is read whole, then sent to the service from memory (`proxiedBody`): the service can
 * no longer answer while the gateway is still writing a body it streams from the client.
 */
export function limitBodies(fastify: FastifyInstance, limit: number): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (Number(request.headers['content-length']) > limit) return tooLarge(reply, limit);
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, payload, done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    payload.on('data', (chunk: Buffer) => {
      if (size > limit) return; // answered already: drop the rest
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else done(null, TOO_LARGE);
    });
    payload.on('end', () => {
      if (size <= limit) done(null, Buffer.concat(chunks));
    });
    payload.on('error', (error) => {
      if (size <= limit) done(Object.assign(error, { statusCode: 400 }), undefined);
    });
  });
  fastify.addHook('preValidation', async (request: FastifyRequest, reply) => {
    if (request.body === TOO_LARGE) return tooLarge(reply, limit);
  });
}

/**
 * The options that make the proxy send the body `limitBodies` read, as it came, in one write (a Buffer body goes
 * out as it is; reply-from would pipe a stream, or re-encode a parsed JSON value).
 */
export function proxiedBody(request: Pick<FastifyRequest, 'body' | 'headers'>): {
  body?: Buffer;
  contentType?: string;
} {
  if (!Buffer.isBuffer(request.body)) return {};
  return { body: request.body, contentType: request.headers['content-type'] ?? 'application/octet-stream' };
}

/** A body sent from memory goes with its Content-Length: the client's `Transfer-Encoding: chunked` is dropped. */
export function withoutChunking<T extends Record<string, unknown>>(
  request: Pick<FastifyRequest, 'body'>,
  headers: T,
): T {
  if (!Buffer.isBuffer(request.body) || !('transfer-encoding' in headers)) return headers;
  const { 'transfer-encoding': _chunked, ...rest } = headers;
  return rest as T;
}
