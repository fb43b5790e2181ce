import type { OpenAPIObject } from '@nestjs/swagger';
import { mergeOpenApi } from './merge-openapi';

const doc = (paths: string[], schemas: string[], tags: string[]): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1', description: 'd' },
  paths: Object.fromEntries(paths.map((p) => [p, { get: { responses: {} } }])),
  components: { schemas: Object.fromEntries(schemas.map((s) => [s, { type: 'object' }])) },
  tags: tags.map((name) => ({ name })),
});

describe('mergeOpenApi', () => {
  it('merges paths, schemas and tags and drops the services’ own health and docs', () => {
    const merged = mergeOpenApi(doc(['/health'], [], ['gateway']), {
      auth: doc(['/auth/login', '/health', '/docs-json'], ['LoginDto'], ['auth']),
      tasks: doc(['/tasks', '/tasks/{id}'], ['TaskView'], ['tasks']),
    });
    expect(Object.keys(merged.paths).sort()).toEqual(['/auth/login', '/health', '/tasks', '/tasks/{id}']);
    expect(Object.keys(merged.components!.schemas!).sort()).toEqual(['LoginDto', 'TaskView']);
    expect(merged.tags!.map((t) => t.name)).toEqual(['gateway', 'auth', 'tasks']);
  });

  it('says which services could not be reached', () => {
    expect(mergeOpenApi(doc([], [], []), { analytics: null }).info.description).toContain(
      'Not reachable right now: analytics',
    );
  });
});
