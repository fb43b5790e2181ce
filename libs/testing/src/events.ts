import type { EventEnvelope } from '@ates/contracts';
import { randomUUID } from 'node:crypto';

/** An envelope as a producer would write it (for feeding consumers in tests). */
export function envelope<T extends object>(
  name: string,
  version: number,
  data: T,
  producer = 'test',
): EventEnvelope<T> {
  return {
    event_id: randomUUID(),
    event_version: version,
    event_name: name,
    event_time: new Date().toISOString(),
    producer,
    data,
  };
}
