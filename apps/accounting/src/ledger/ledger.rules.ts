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
