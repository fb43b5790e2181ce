import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * helmet's headers on every response (HSTS, nosniff, frame-ancestors none, no referrer, CORP/COOP…). The content
 * security policy is strict for the JSON API and lets Swagger UI at /docs run its own inline bootstrap.
 */
export async function useSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet, {
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
