import type { LedgerEntryKind } from '@ates/contracts';

/** How an entry names its task in the audit log (SPEC §3.2: title, Jira id and the reason). */
export function describeEntry(
  kind: LedgerEntryKind,
  task: { publicId: string; title: string | null; jiraId: string | null } | null,
): string {
  const reason = {
    assignment_fee: 'Assignment fee',
    completion_reward: 'Completion reward',
    payout: 'Payout',
  }[kind];
  if (!task) return reason;
  const name = task.title ?? `task ${task.publicId}`;
  return `${reason}: ${task.jiraId ? `[${task.jiraId}] ` : ''}${name}`;
}

/** The signed effect of an entry on a balance (cents). */
export const balanceDelta = (entry: { debit: number; credit: number }): number => entry.credit - entry.debit;

/**
 * The details a task ends up with after `a` then `b` (either may be null) are applied in that order by the
 * catalog's rule (a newer CUD version wins; version 0, from a business event, fills in only a task without
 * details): the newer version, the earlier one on a tie. Folding a chunk's details with it and writing the
 * result once gives what applying them one by one gives.
 */
export function mergeDetails<T extends { version: number }>(a: T | null, b: T | null): T | null {
  if (!a) return b;
  if (!b) return a;
  return b.version > a.version ? b : a;
}
