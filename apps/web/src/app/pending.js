// Honest about eventual consistency: what the popug did that accounting has not shown yet. The tasks screen adds
// to it; My account shows "being updated" and polls until every expected entry is there.
import { api, pollUntil } from './api.js';
import { businessDay, money } from './format.js';

const expected = new Map(); // taskId → entry kind

export function expectEntry(taskId, kind) {
  expected.set(taskId, kind);
}

export const hasPending = () => expected.size > 0;

/** Polls the caller's entries of today until the expected ones are there; resolves with the balance then. */
export async function waitForPending(timezone, ms = 15_000) {
  const today = businessDay(new Date(), timezone);
  return pollUntil(async () => {
    const entries = await api('GET', `/accounting/me/transactions?date=${today}`);
    for (const [taskId, kind] of expected)
      if (entries.some((e) => e.taskId === taskId && e.kind === kind)) expected.delete(taskId);
    if (expected.size > 0) return null;
    return api('GET', '/accounting/me');
  }, ms);
}

/** "Reward $25.00 arrived" for a task, once accounting has it (or null after `ms`). */
export async function waitForEntry(taskId, kind, timezone, ms = 15_000) {
  const today = businessDay(new Date(), timezone);
  return pollUntil(async () => {
    const entries = await api('GET', `/accounting/me/transactions?date=${today}`);
    const entry = entries.find((e) => e.taskId === taskId && e.kind === kind);
    if (!entry) return null;
    expected.delete(taskId);
    const balance = await api('GET', '/accounting/me');
    return { amount: money(entry.credit - entry.debit), balance: money(balance.balance) };
  }, ms);
}
