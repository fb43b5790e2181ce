import type { FastifyRequest } from 'fastify';

export interface UpstreamAnswer {
  status: number;
  body: Record<string, unknown> | undefined;
  retryAfter: string | null;
}

/** Auth's answer to one call, or null when auth could not be reached. */
export async function callAuth(
  authUrl: string,
  request: FastifyRequest,
  path: string,
  body: unknown,
  accessToken?: string,
): Promise<UpstreamAnswer | null> {
  try {
    const response = await fetch(`${authUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // The same headers the proxy sets: auth throttles logins per client address.
        'x-forwarded-for': request.ip,
        'x-request-id': String(request.id),
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: JSON.stringify(body ?? {}),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      retryAfter: response.headers.get('retry-after'),
    };
  } catch {
    return null;
  }
}
