import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';

/**
 * helmet's headers on every response (HSTS, nosniff, frame-ancestors none, no referrer, CORP/COOP…). The content
 * security policy is strict for the JSON API and lets Swagger UI at /docs run its own inline bootstrap.
 *
 * helmet's middleware is built once: @fastify/helmet builds it (parsing every CSP directive) on each request.
 */
export function useSecurityHeaders(app: NestFastifyApplication): void {
  const headers = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        scriptSrc: [`'self'`, `'unsafe-inline'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:'],
        frameAncestors: [`'none'`],
        formAction: [`'self'`],
        upgradeInsecureRequests: null, // Swagger UI over plain HTTP (development, Compose) must still load
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) =>
      headers(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)),
    );
}

/** CORS for the gateway: closed unless origins are configured (`CORS_ORIGINS`). */
export function useCors(app: NestFastifyApplication, origins: readonly string[]): void {
  if (origins.length === 0) return;
  app.enableCors({
    origin: [...origins],
    methods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type'],
    maxAge: 600,
  });
}
