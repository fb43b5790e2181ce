import type { Role } from '@ates/contracts';

/** SPEC §2.4: tasks go to active accounts that are neither manager nor admin. */
export const ELIGIBLE_ROLES: readonly Role[] = ['worker', 'accountant'];

/** SPEC §2.5: only these roles may shuffle. */
export const SHUFFLE_ROLES: readonly Role[] = ['manager', 'admin'];

export type Random = () => number;

/** Uniformly one of `candidates` (which must not be empty). */
export function pickAssignee<T>(candidates: readonly T[], random: Random): T {
  if (candidates.length === 0) throw new Error('no eligible assignee');
  return candidates[Math.floor(random() * candidates.length)];
}

/** Shuffle: every task independently and uniformly to one of the candidates (no balancing). */
export function shuffleAssignments<T>(
  taskIds: readonly string[],
  candidates: readonly T[],
  random: Random,
): T[] {
  return taskIds.map(() => pickAssignee(candidates, random));
}

/** SPEC §6: a title carries no "[" or "]" any more — the Jira id has its own field. */
export const TITLE_PATTERN = /^[^[\]]*$/;
