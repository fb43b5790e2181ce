import type { EventEnvelope } from '@ates/contracts';
import type { EntityManager } from 'typeorm';
import type { ChunkWork } from './chunk-work';

/**
 * What a consumer handler gets besides the event (`@Ctx()`): the open transaction in which its effects
 * and the inbox row commit together, where the event came from, and the chunk's deferred work (`work`: see
 * ChunkWork), flushed by the inbox after the chunk's last event.
 */
export class InboxContext {
  constructor(
    readonly tx: EntityManager,
    readonly envelope: EventEnvelope,
    readonly topic: string,
    readonly partition: number,
    readonly offset: string,
    readonly work: ChunkWork,
  ) {}
}
