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
