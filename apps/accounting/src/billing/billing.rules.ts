/** The end-of-day rules of SPEC §3.6, in plain TypeScript: who is paid how much when a cycle closes. */

export interface AccountBalance<Id = string> {
  accountId: Id;
  /** cents */
  balance: number;
}

export interface Payout<Id = string> {
  accountId: Id;
  /** cents, > 0 */
  amount: number;
}

export interface PayoutPlan<Id = string> {
  payouts: Payout<Id>[];
  /** Accounts whose negative balance is carried over untouched to the next cycle. */
  carried: AccountBalance<Id>[];
  totalPaid: number;
}

/** A positive balance is paid out in full (bringing it to zero); zero pays nothing; a debt is carried over. */
export function planPayouts<Id>(balances: readonly AccountBalance<Id>[]): PayoutPlan<Id> {
  const payouts = balances
    .filter((b) => b.balance > 0)
    .map((b) => ({ accountId: b.accountId, amount: b.balance }));
  return {
    payouts,
    carried: balances.filter((b) => b.balance < 0),
    totalPaid: payouts.reduce((sum, p) => sum + p.amount, 0),
  };
}

/** The scheduler closes a cycle once its business day is over in ATES_TIMEZONE (dates as YYYY-MM-DD). */
export function isOverdue(cycleDate: string, today: string): boolean {
  return cycleDate < today;
}

/** "$12.34", "-$0.05": cents as dollars, for people (e-mails, descriptions). */
export function formatDollars(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const describePayout = (businessDate: string): string => `Payout for ${businessDate}`;
