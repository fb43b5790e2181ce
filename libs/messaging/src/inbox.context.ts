import type { EventEnvelope } from '@ates/contracts';
import type { EntityManager } from 'typeorm';

/**
 * What a consumer handler gets besides the event (`@Ctx()`): the open transaction in which its effects
 * and the inbox row commit together, and where the event came from.
 */
export class InboxContext {
  constructor(
    readonly tx: EntityManager,
    readonly envelope: EventEnvelope,
    readonly topic: string,
    readonly partition: number,
    readonly offset: string,
  ) {}
}
