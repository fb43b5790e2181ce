import type { AccountStateV1 } from './events/accounts';

/**
 * The state of each account that applying the given ones one by one, each only if newer than the one held,
 * would leave: the newest version, the first of equal versions (first-sight order, ids lower-cased).
 */
export function newestStates(states: readonly AccountStateV1[]): AccountStateV1[] {
  const newest = new Map<string, AccountStateV1>();
  for (const state of states) {
    const id = state.public_id.toLowerCase();
    const held = newest.get(id);
    if (!held || state.version > held.version) newest.set(id, { ...state, public_id: id });
  }
  return [...newest.values()];
}
