import { EVENT_CATALOG } from './catalog';
import { SchemaRegistry } from './registry';
import { eventSample } from './samples';

describe('stored event samples', () => {
  const registry: SchemaRegistry = new SchemaRegistry();

  it.each(EVENT_CATALOG.map((d) => [d.name, d.version, d.producer] as const))(
    '%s v%i has a sample that honours its schema',
    (name, version, producer) => {
      const sample = eventSample(name, version);
      expect(() => registry.validate(sample)).not.toThrow();
      expect(sample).toMatchObject({ event_name: name, event_version: version, producer });
    },
  );
});
