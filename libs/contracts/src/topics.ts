/** Every Kafka topic of aTES. One topic per stream, never per version; `<topic>.dlq` holds its dead letters. */
export const Topics = {
  AccountsStream: 'accounts-stream',
  AccountsLifecycle: 'accounts-lifecycle',
  TasksStream: 'tasks-stream',
  TasksLifecycle: 'tasks-lifecycle',
  TransactionsStream: 'transactions-stream',
  BillingLifecycle: 'billing-lifecycle',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: readonly Topic[] = Object.values(Topics);

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;
