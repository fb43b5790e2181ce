import accountCreatedV1 from '../schemas/accounts/account-created/1.json';
import accountRoleChangedV1 from '../schemas/accounts/account-role-changed/1.json';
import accountUpdatedV1 from '../schemas/accounts/account-updated/1.json';
import billingCycleClosedV1 from '../schemas/billing/billing-cycle-closed/1.json';
import paymentMadeV1 from '../schemas/billing/payment-made/1.json';
import taskPricedV1 from '../schemas/billing/task-priced/1.json';
import taskAddedV1 from '../schemas/tasks/task-added/1.json';
import taskAddedV2 from '../schemas/tasks/task-added/2.json';
import taskAssignedV1 from '../schemas/tasks/task-assigned/1.json';
import taskCompletedV1 from '../schemas/tasks/task-completed/1.json';
import taskCreatedV1 from '../schemas/tasks/task-created/1.json';
import taskCreatedV2 from '../schemas/tasks/task-created/2.json';
import taskUpdatedV1 from '../schemas/tasks/task-updated/1.json';
import taskUpdatedV2 from '../schemas/tasks/task-updated/2.json';
import transactionCreatedV1 from '../schemas/transactions/transaction-created/1.json';
import { Topic, Topics } from './topics';

export interface EventDefinition {
  name: string;
  version: number;
  topic: Topic;
  producer: 'auth' | 'tasks' | 'accounting';
  kind: 'CUD' | 'BE';
  schema: object;
}

/** The registry: every event name and version aTES produces, its topic and its JSON Schema. */
export const EVENT_CATALOG: readonly EventDefinition[] = [
  {
    name: 'AccountCreated',
    version: 1,
    topic: Topics.AccountsStream,
    producer: 'auth',
    kind: 'CUD',
    schema: accountCreatedV1,
  },
  {
    name: 'AccountUpdated',
    version: 1,
    topic: Topics.AccountsStream,
    producer: 'auth',
    kind: 'CUD',
    schema: accountUpdatedV1,
  },
  {
    name: 'AccountRoleChanged',
    version: 1,
    topic: Topics.AccountsLifecycle,
    producer: 'auth',
    kind: 'BE',
    schema: accountRoleChangedV1,
  },
  {
    name: 'TaskCreated',
    version: 1,
    topic: Topics.TasksStream,
    producer: 'tasks',
    kind: 'CUD',
    schema: taskCreatedV1,
  },
  {
    name: 'TaskCreated',
    version: 2,
    topic: Topics.TasksStream,
    producer: 'tasks',
    kind: 'CUD',
    schema: taskCreatedV2,
  },
  {
    name: 'TaskUpdated',
    version: 1,
    topic: Topics.TasksStream,
    producer: 'tasks',
    kind: 'CUD',
    schema: taskUpdatedV1,
  },
  {
    name: 'TaskUpdated',
    version: 2,
    topic: Topics.TasksStream,
    producer: 'tasks',
    kind: 'CUD',
    schema: taskUpdatedV2,
  },
  {
    name: 'TaskAdded',
    version: 1,
    topic: Topics.TasksLifecycle,
    producer: 'tasks',
    kind: 'BE',
    schema: taskAddedV1,
  },
  {
    name: 'TaskAdded',
    version: 2,
    topic: Topics.TasksLifecycle,
    producer: 'tasks',
    kind: 'BE',
    schema: taskAddedV2,
  },
  {
    name: 'TaskAssigned',
    version: 1,
    topic: Topics.TasksLifecycle,
    producer: 'tasks',
    kind: 'BE',
    schema: taskAssignedV1,
  },
  {
    name: 'TaskCompleted',
    version: 1,
    topic: Topics.TasksLifecycle,
    producer: 'tasks',
    kind: 'BE',
    schema: taskCompletedV1,
  },
  {
    name: 'TaskPriced',
    version: 1,
    topic: Topics.BillingLifecycle,
    producer: 'accounting',
    kind: 'BE',
    schema: taskPricedV1,
  },
  {
    name: 'PaymentMade',
    version: 1,
    topic: Topics.BillingLifecycle,
    producer: 'accounting',
    kind: 'BE',
    schema: paymentMadeV1,
  },
  {
    name: 'BillingCycleClosed',
    version: 1,
    topic: Topics.BillingLifecycle,
    producer: 'accounting',
    kind: 'BE',
    schema: billingCycleClosedV1,
  },
  {
    name: 'TransactionCreated',
    version: 1,
    topic: Topics.TransactionsStream,
    producer: 'accounting',
    kind: 'CUD',
    schema: transactionCreatedV1,
  },
];
