import { bearerToken, TokenVerifier } from '@ates/auth';
import type { GatewayConfig } from '@ates/config';
import proxy from '@fastify/http-proxy';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BODY_LIMIT_BYTES } from '@ates/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { limitBodies, proxiedBody, withoutChunking } from './body-limit';
import { isPublicRoute } from './public-routes';
import { replyUpstreamError } from './upstream-error';
import { slowPrefixesOf, UPSTREAM_TIMEOUTS, UpstreamTimeouts } from './upstream-timeouts';

const unauthorized = (reply: FastifyReply, message: string) =>
  reply.code(401).send({ statusCode: 401, message, error: 'Unauthorized' });

/**
 * `/auth`, `/tasks`, `/accounting`, `/analytics` → their services. A request without a valid access token
 * is refused here (public routes excepted); the services verify the token again, trusting nobody. A slow prefix
 * (UPSTREAM_TIMEOUTS) gets a proxy of its own with its longer timeout; the router picks the longest prefix.
 */
export async function registerProxies(
  app: NestFastifyApplication,
  config: GatewayConfig,
  timeouts: UpstreamTimeouts = UPSTREAM_TIMEOUTS,
): Promise<void> {
  /** Requests whose service has answered: an error after that (EPIPE while sending) must not replace the answer. */
  const answered = new WeakSet<object>();
  const verifier = new TokenVerifier(config.jwt);
  const checkToken = async (request: FastifyRequest, reply: FastifyReply) => {
    if (isPublicRoute(request.method, request.url)) return;
    const token = bearerToken(request.headers.authorization);
    if (!token) return unauthorized(reply, 'Missing bearer token');
    try {
      await verifier.verify(token);
    } catch {
      return unauthorized(reply, 'Invalid or expired token');
    }
  };
  // One encapsulated scope for the proxies: its body parsing (limitBodies) leaves the gateway's own routes
  // (session, docs) with Fastify's JSON parser.
  await app.register(async (scope: FastifyInstance) => {
    limitBodies(scope, BODY_LIMIT_BYTES);
    for (const [service, upstream] of Object.entries(config.services)) {
      const prefixes = [
        { prefix: `/${service}`, ms: timeouts.default },
        ...slowPrefixesOf(service, timeouts),
      ];
      for (const { prefix, ms } of prefixes)
        await scope.register(proxy, {
          upstream,
          prefix,
          rewritePrefix: prefix,
          preHandler: checkToken,
          proxyPayloads: false, // bodies are read by limitBodies, within the limit
          handler: (request, reply, dest, options) =>
            reply.from(dest, { ...options, ...proxiedBody(request) }),
          // Idle connections to a service are dropped a second before it would close them (its Keep-Alive hint
          // caps this agent timeout), so a request is never sent on a connection the service is closing.
          http: { agentOptions: { keepAlive: true, timeout: 60_000 }, requestOptions: { timeout: ms } },
          replyOptions: {
            onError: (reply, { error }) => {
              // An early answer (the service refused the request before reading all of it) is relayed as it is.
              if (!answered.has(reply.request)) replyUpstreamError(reply, service, error);
            },
            rewriteHeaders: (headers, request) => {
              if (request) answered.add(request);
              return headers;
            },
            rewriteRequestHeaders: (request, headers) => ({
              ...withoutChunking(request, headers),
              'x-forwarded-for': request.ip,
              'x-request-id': String(request.id),
            }),
          },
        });
    }
  });
}
