/** At most this many keys are remembered; the oldest go first, so a flood of addresses can't exhaust memory. */
export const MAX_ENTRIES = 100_000;

/** Drops the oldest entry once a map or set is full. */
export function bounded<T extends Map<string, unknown> | Set<string>>(collection: T): T {
  if (collection.size >= MAX_ENTRIES) collection.delete(collection.keys().next().value as string);
  return collection;
}

/** Sets `key` as the newest entry of a bounded map: the oldest keys are the first dropped. */
export function setNewest<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  bounded(map).set(key, value);
}

/** Events per key (a client address) in a sliding time window: at most `limit` per `windowMs`. In memory. */
export class SlidingWindow {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until `key` is below its limit again at time `t`, or 0 when it is. */
  wait(key: string, t: number): number {
    const recent = this.recent(key, t);
    return recent.length >= this.limit ? recent[0] + this.windowMs - t : 0;
  }

  add(key: string, t: number): void {
    setNewest(this.times, key, [...this.recent(key, t), t]);
  }

  /** Records an event of `key` at `t` if it is below its limit: 0; else the milliseconds until it is, unrecorded. */
  take(key: string, t: number): number {
    const recent = this.recent(key, t);
    if (recent.length >= this.limit) return recent[0] + this.windowMs - t;
    setNewest(this.times, key, [...recent, t]);
    return 0;
  }

  /** Takes back the newest event of `key`. */
  removeLast(key: string): void {
    this.times.get(key)?.pop();
  }

  private recent(key: string, t: number): number[] {
    return (this.times.get(key) ?? []).filter((at) => at > t - this.windowMs);
  }
}
