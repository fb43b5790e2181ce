/** Work that a chunk's handlers hand over to be done once for the whole chunk, just before it commits. */
export interface DeferredWork {
  flush(): Promise<void>;
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

  async flush(): Promise<void> {
    for (const part of this.parts.values()) await part.flush();
    this.parts.clear();
  }
}
