import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_CATALOG } from './catalog';
import type { EventEnvelope } from './envelope';

/**
 * Stored samples, one envelope per event name and version (`samples/<domain>/<event>/<version>.json`), for
 * consumer contract tests: a consumer is fed a sample of every version it accepts.
 */
export function eventSample(name: string, version: number): EventEnvelope {
  const def = EVENT_CATALOG.find((d) => d.name === name && d.version === version);
  if (!def) throw new Error(`no ${name} v${version} in the catalog`);
  const { $id } = def.schema as { $id: string };
  const file = join(__dirname, '..', 'samples', `${$id.replace(/^ates\//, '')}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as EventEnvelope;
}
