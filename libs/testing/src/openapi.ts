import type { INestApplication, Type } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';

type Schema = {
  $ref?: string;
  items?: Schema;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  example?: unknown;
};
interface Operation {
  summary?: string;
  security?: unknown[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema; example?: unknown }> }>;
}

/**
 * A service's OpenAPI document built from its controllers (their dependencies stubbed) by `build`: pass
 * @ates/platform's `openApiDocument`, which builds the one /docs-json serves.
 */
export async function serviceDocument(
  controllers: Type<unknown>[],
  build: (app: INestApplication, info: { title: string; description: string }) => OpenAPIObject,
): Promise<OpenAPIObject> {
  const moduleRef = await Test.createTestingModule({ controllers })
    .useMocker(() => ({}))
    .compile();
  const app = moduleRef.createNestApplication(new FastifyAdapter());
  try {
    return build(app, { title: 'test', description: 'test' });
  } finally {
    await app.close();
  }
}

/** `METHOD /path` of every operation. */
export function operationsOf(document: OpenAPIObject): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/**
 * What a document leaves out (issue 16 §7): each route's summary; on routes that need a token (all but
 * `publicRoutes`), bearer auth and 401 and 403; on routes with a body, 400; every 4xx with the shared error body
 * and an example; every property of the request and success bodies with an example.
 */
export function documentationGaps(document: OpenAPIObject, publicRoutes: string[] = []): string[] {
  const gaps: string[] = [];
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const seen = new Set<string>(); // each schema reported once
  const checkExamples = (route: string, schema: Schema | undefined): void => {
    if (!schema) return;
    if (schema.items) return checkExamples(route, schema.items);
    if (!schema.$ref) return;
    const name = schema.$ref.split('/').pop() as string;
    if (seen.has(name)) return;
    seen.add(name);
    for (const [property, definition] of Object.entries(schemas[name]?.properties ?? {})) {
      if (definition.allOf) definition.allOf.forEach((part) => checkExamples(route, part));
      else if (definition.$ref || definition.items?.$ref) checkExamples(route, definition);
      else if (definition.example === undefined) gaps.push(`${route}: ${name}.${property} has no example`);
    }
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      const route = `${method.toUpperCase()} ${path}`;
      const statuses = Object.keys(operation.responses);
      if (!operation.summary) gaps.push(`${route}: no summary`);
      if (!publicRoutes.includes(route)) {
        if (!operation.security?.length) gaps.push(`${route}: needs a token but documents no bearer auth`);
        for (const status of ['401', '403'])
          if (!statuses.includes(status)) gaps.push(`${route}: needs a token but documents no ${status}`);
      }
      if (operation.requestBody && !statuses.includes('400')) gaps.push(`${route}: has a body but no 400`);
      for (const status of statuses.filter((s) => s.startsWith('4'))) {
        const json = operation.responses[status].content?.['application/json'];
        if (json?.schema?.$ref !== '#/components/schemas/ErrorBody')
          gaps.push(`${route}: ${status} lacks the shared error body`);
        if (json?.example === undefined) gaps.push(`${route}: ${status} has no example`);
      }
      checkExamples(route, operation.requestBody?.content?.['application/json']?.schema);
      for (const status of statuses.filter((s) => s.startsWith('2')))
        checkExamples(route, operation.responses[status].content?.['application/json']?.schema);
    }
  }
  return gaps;
}
