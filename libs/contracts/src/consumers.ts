import { EVENT_CATALOG, EventDefinition } from './catalog';
import type { Topic } from './topics';

/**
 * What a consumer reads: event name → the versions it accepts. A consumer declares it next to its handlers;
 * its topics follow from it, a version it doesn't accept goes to the dead-letter topic, and an event it
 * doesn't list is acknowledged and skipped.
 */
export type AcceptedEvents = Readonly<Record<string, readonly number[]>>;

export type Acceptance = 'accept' | 'skip' | 'reject';

export function acceptance(accepted: AcceptedEvents, name: string, version: number): Acceptance {
  const versions = accepted[name];
  if (!versions) return 'skip';
  return versions.includes(version) ? 'accept' : 'reject';
}

/** The topics carrying the accepted events; refuses an event or version the catalog doesn't know. */
export function topicsOf(
  accepted: AcceptedEvents,
  catalog: readonly EventDefinition[] = EVENT_CATALOG,
): Topic[] {
  const topics = new Set<Topic>();
  for (const [name, versions] of Object.entries(accepted))
    for (const version of versions) {
      const def = catalog.find((d) => d.name === name && d.version === version);
      if (!def) throw new Error(`${name} v${version} is accepted but has no schema in the catalog`);
      topics.add(def.topic);
    }
  return [...topics];
}
