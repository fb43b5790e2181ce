/**
 * How long the gateway waits for a service's answer: 30 s for a request, longer for a request that does a
 * day's work at once. A close pays every account in one transaction (18 s for 100,000 accounts on this 2-core
 * machine): behind the common 30 s it could answer 504 to the admin while accounting still commits the close.
 */
export interface UpstreamTimeouts {
  /** ms, every route not listed in `slow` */
  default: number;
  /** path prefix (under a service's prefix) → ms */
  slow: ReadonlyArray<{ prefix: string; ms: number }>;
}

export const UPSTREAM_TIMEOUTS: UpstreamTimeouts = {
  default: 30_000,
  slow: [{ prefix: '/accounting/billing-cycles', ms: 300_000 }],
};

/** The slow prefixes under a service's prefix (`/accounting`), each proxied with its own timeout. */
export function slowPrefixesOf(
  service: string,
  timeouts: UpstreamTimeouts,
): ReadonlyArray<{ prefix: string; ms: number }> {
  return timeouts.slow.filter((s) => s.prefix.startsWith(`/${service}/`));
}
