/** What an account held before a chunk: its balance (cents) and the time of its newest entry. */
export interface AccountBefore {
  balance: number;
  lastEntryAt: string | null;
}

/** One new entry of the account, in arrival order: its effect on the balance (credit − debit) and its time. */
export interface Posting {
  amount: number;
  at: string;
}

export interface RedPeriod {
  from: string;
  /** null: still open. */
  to: string | null;
}

/**
 * How an account's red periods change with a chunk's entries, exactly as applying them one by one would change
 * them: `recompute` when an entry is older than one seen before it (the periods are then rebuilt from all the
 * account's entries); otherwise the time at which the period open before the chunk closes (if it does), and the
 * periods the chunk opens, each switch below zero opening one and each switch back closing it. A period that
 * opens and closes at the same instant was never observable and is left out.
 */
export type RedPeriodPlan =
  { recompute: true } | { recompute: false; closeAt: string | null; periods: RedPeriod[] };

export function planRedPeriods(before: AccountBefore, postings: readonly Posting[]): RedPeriodPlan {
  let newest = before.lastEntryAt === null ? -Infinity : Date.parse(before.lastEntryAt);
  for (const { at } of postings) {
    if (Date.parse(at) < newest) return { recompute: true };
    newest = Date.parse(at);
  }
  let balance = before.balance;
  let closeAt: string | null = null;
  let openedAt: string | null = null;
  const periods: RedPeriod[] = [];
  for (const { amount, at } of postings) {
    const now = balance + amount;
    if (balance >= 0 && now < 0) openedAt = at;
    if (balance < 0 && now >= 0) {
      if (openedAt === null)
        closeAt = at; // only the first switch back can close the period held before
      else if (Date.parse(at) > Date.parse(openedAt)) periods.push({ from: openedAt, to: at });
      openedAt = null;
    }
    balance = now;
  }
  if (openedAt !== null) periods.push({ from: openedAt, to: null });
  return { recompute: false, closeAt, periods };
}
