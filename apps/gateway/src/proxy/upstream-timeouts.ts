/**
 * How long the gateway waits for a service's answer: 30 s for a request, longer for the two requests that do a
 * day's work in one transaction. A close pays every account (18–25 s for 100,000 accounts on this 2-core
 * machine), a shuffle reassigns every open task (13–18 s for 100,000, more on a loaded machine): behind the
 * common 30 s the gateway could answer 504 while the service still commits the work.
 */
export interface UpstreamTimeouts {
  /** ms, every route not listed in `slow` */
  default: number;
  /** path prefix (under a service's prefix) → ms */
  slow: ReadonlyArray<{ prefix: string; ms: number }>;
}

export const UPSTREAM_TIMEOUTS: UpstreamTimeouts = {
  default: 30_000,
  slow: [
    { prefix: '/accounting/billing-cycles', ms: 300_000 },
    { prefix: '/tasks/shuffle', ms: 300_000 },
  ],
};

/** The slow prefixes under a service's prefix (`/accounting`), each proxied with its own timeout. */
export function slowPrefixesOf(
  service: string,
  timeouts: UpstreamTimeouts,
): ReadonlyArray<{ prefix: string; ms: number }> {
  return timeouts.slow.filter((s) => s.prefix.startsWith(`/${service}/`));
}
