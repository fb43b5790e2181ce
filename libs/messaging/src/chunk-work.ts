/** Work that a chunk's handlers hand over to be done once for the whole chunk, just before it commits. */
export interface DeferredWork {
  flush(): Promise<void>;
}

/** The items added under one key of a chunk, written by one call at its flush. */
class Batch<T> implements DeferredWork {
  readonly items: T[] = [];

  constructor(private readonly write: (items: T[]) => Promise<void>) {}

  flush(): Promise<void> {
    return this.write(this.items);
  }
}

/**
 * The deferred work of one chunk (one inbox transaction). A handler may, instead of writing at once, add its
 * event to a part (`part(key, create)`: one instance per key and chunk), which then writes the whole chunk's
 * effects with a few set-based statements when the inbox has dispatched every event of the chunk. Parts
 * flush in the order they were first used, inside the chunk's transaction: a failing flush rolls the chunk
 * back, and the inbox applies its events one per transaction (each with its own flush) to isolate the culprit.
 * A handler must not read what a deferred part of the same chunk has not written yet.
 */
export class ChunkWork {
  private readonly parts = new Map<object, DeferredWork>();

  part<T extends DeferredWork>(key: object, create: () => T): T {
    let part = this.parts.get(key);
    if (!part) this.parts.set(key, (part = create()));
    return part as T;
  }

  /**
   * Adds `item` to the chunk's batch of `key`: at the flush `write` gets every item of the batch once, in the
   * order they were added (the `write` of the batch's first item is the one called).
   */
  add<T>(key: object, item: T, write: (items: T[]) => Promise<void>): void {
    this.part(key, () => new Batch<T>(write)).items.push(item);
  }

  async flush(): Promise<void> {
    for (const part of this.parts.values()) await part.flush();
    this.parts.clear();
  }
}
