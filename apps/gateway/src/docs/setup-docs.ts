import type { GatewayConfig } from '@ates/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { mergeOpenApi } from './merge-openapi';

async function fetchDocument(url: string): Promise<OpenAPIObject | null> {
  try {
    const response = await fetch(`${url}/docs-json`, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? ((await response.json()) as OpenAPIObject) : null;
  } catch {
    return null;
  }
}

/** Swagger UI at /docs and the merged OpenAPI JSON at /docs-json, fetched fresh from every service. */
export function setupDocs(app: NestFastifyApplication, config: GatewayConfig): void {
  const base = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('aTES — Awesome Task Exchange System')
      .setDescription(
        'Every route of every service, through the gateway. Log in with POST /auth/login, then Authorize.',
      )
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, base, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
    patchDocumentOnRequest: async () => {
      const entries = await Promise.all(
        Object.entries(config.services).map(async ([name, url]) => [name, await fetchDocument(url)] as const),
      );
      return mergeOpenApi(base, Object.fromEntries(entries));
    },
  });
}
