import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * One OpenAPI document from the gateway's own and every service's: paths (without the services' internal
 * /health and /docs), schemas and tags. Services are reached through the gateway, so their paths already
 * carry their prefix (/auth, /tasks, …).
 */
export function mergeOpenApi(
  base: OpenAPIObject,
  services: Record<string, OpenAPIObject | null>,
): OpenAPIObject {
  const merged: OpenAPIObject = {
    ...base,
    paths: { ...base.paths },
    components: { ...base.components, schemas: { ...base.components?.schemas } },
    tags: [...(base.tags ?? [])],
  };
  for (const document of Object.values(services)) {
    if (!document) continue;
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      if (path === '/health' || path.startsWith('/docs')) continue;
      merged.paths[path] = item;
    }
    Object.assign(merged.components!.schemas!, document.components?.schemas ?? {});
    for (const tag of document.tags ?? []) {
      if (!merged.tags!.some((t) => t.name === tag.name)) merged.tags!.push(tag);
    }
  }
  const down = Object.entries(services)
    .filter(([, d]) => !d)
    .map(([name]) => name);
  if (down.length > 0)
    merged.info = {
      ...merged.info,
      description: `${merged.info.description ?? ''}\n\nNot reachable right now: ${down.join(', ')}.`,
    };
  return merged;
}
