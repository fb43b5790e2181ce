import type { GatewayConfig } from '@ates/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callAuth, UpstreamAnswer } from './auth-upstream';
import { csrfRefusal } from './csrf';
import { clearedRefreshCookie, readRefreshCookie, REFRESH_PATH, refreshCookie } from './session-cookie';

const isHttps = (request: FastifyRequest) => request.protocol === 'https';

function replyError(reply: FastifyReply, statusCode: number, message: string, error: string) {
  return reply.code(statusCode).send({ statusCode, message, error });
}

/** Auth's answer as it is (its own messages, Retry-After), the refresh token moved from the body to the cookie. */
function relay(request: FastifyRequest, reply: FastifyReply, answer: UpstreamAnswer | null) {
  if (!answer) {
    void reply.header('retry-after', '1');
    return replyError(reply, 503, 'auth is unavailable', 'Service Unavailable');
  }
  if (answer.retryAfter) void reply.header('retry-after', answer.retryAfter);
  if (answer.status !== 200 || typeof answer.body?.['refreshToken'] !== 'string') {
    if (answer.status === 401) void reply.header('set-cookie', clearedRefreshCookie(isHttps(request)));
    return reply.code(answer.status).send(answer.body);
  }
  const { refreshToken, ...access } = answer.body;
  void reply.header('set-cookie', refreshCookie(refreshToken as string, { secure: isHttps(request) }));
  return reply.code(200).send(access);
}

export async function sessionRoutes(fastify: FastifyInstance, { authUrl }: { authUrl: string }) {
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    const refusal = csrfRefusal({
      headers: request.headers,
      ownOrigin: `${request.protocol}://${request.host}`,
    });
    if (refusal) return replyError(reply, 403, refusal, 'Forbidden');
  });

  /** Log in: auth's login; the access token in the body, the refresh token in the cookie only. */
  fastify.post('/session/login', async (request, reply) =>
    relay(request, reply, await callAuth(authUrl, request, '/auth/login', request.body)),
  );

  /** A new access token for the cookie's refresh token (rotated: the cookie gets the new one). */
  fastify.post(REFRESH_PATH, async (request, reply) => {
    const refreshToken = readRefreshCookie(request.headers.cookie);
    if (!refreshToken) return replyError(reply, 401, 'Not logged in', 'Unauthorized');
    return relay(request, reply, await callAuth(authUrl, request, '/auth/refresh', { refreshToken }));
  });

  /** Log out: the cookie's token family ends at auth (refreshed once to get an access token), the cookie goes. */
  fastify.delete(REFRESH_PATH, async (request, reply) => {
    const refreshToken = readRefreshCookie(request.headers.cookie);
    void reply.header('set-cookie', clearedRefreshCookie(isHttps(request)));
    if (!refreshToken) return reply.code(204).send();
    const pair = await callAuth(authUrl, request, '/auth/refresh', { refreshToken });
    if (!pair) return replyError(reply, 503, 'auth is unavailable', 'Service Unavailable');
    if (pair.status !== 200 || !pair.body) return reply.code(204).send(); // already ended
    const { accessToken, refreshToken: latest } = pair.body as { accessToken: string; refreshToken: string };
    const out = await callAuth(authUrl, request, '/auth/logout', { refreshToken: latest }, accessToken);
    if (!out) return replyError(reply, 503, 'auth is unavailable', 'Service Unavailable');
    return out.status === 204 ? reply.code(204).send() : reply.code(out.status).send(out.body);
  });
}

/**
 * The web dashboards' session (docs/adr/0012): `POST /session/login`, `POST /session/refresh`,
 * `DELETE /session/refresh` (log out). The bearer API is untouched; these only carry the refresh token in a cookie.
 */
export async function registerSession(app: NestFastifyApplication, config: GatewayConfig): Promise<void> {
  await app.register(sessionRoutes, { authUrl: config.services.auth });
}
