/** TaskPriced v1 (`billing-lifecycle`): the two prices of a task, fixed once, in cents. */
export interface TaskPricedV1 {
  task_id: string;
  assignment_fee: number;
  completion_reward: number;
  currency: 'USD';
  priced_at: string;
}

export type LedgerEntryKind = 'assignment_fee' | 'completion_reward' | 'payout';

/** TransactionCreated v1 (`transactions-stream`): one ledger entry, in cents. */
export interface TransactionCreatedV1 {
  public_id: string;
  account_id: string;
  kind: LedgerEntryKind;
  debit: number;
  credit: number;
  currency: 'USD';
  task_id: string | null;
  description: string;
  cycle_id: string | null;
  created_at: string;
}

/** PaymentMade v1 (`billing-lifecycle`): one payout of a closed cycle; drives the payout e-mail. */
export interface PaymentMadeV1 {
  payment_id: string;
  account_id: string;
  cycle_id: string;
  business_date: string;
  amount: number;
  currency: 'USD';
  entry_id: string;
  paid_at: string;
}

/** BillingCycleClosed v1 (`billing-lifecycle`): a cycle closed with its payouts; the next one is open. */
export interface BillingCycleClosedV1 {
  cycle_id: string;
  business_date: string;
  opened_at: string;
  closed_at: string;
  payouts: number;
  total_paid: number;
  currency: 'USD';
  next_cycle_id: string;
  next_business_date: string;
}
