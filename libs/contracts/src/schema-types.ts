/**
 * The TypeScript types of the events, checked against their JSON Schemas by the compiler: each interface has
 * exactly the properties its schema lists (a field added to one and not the other fails `npm run typecheck`).
 * Value shapes are checked at run time by the stored samples (samples.spec.ts) and the contract tests.
 */
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
import type { AccountRoleChangedV1, AccountStateV1 } from './events/accounts';
import type {
  BillingCycleClosedV1,
  PaymentMadeV1,
  TaskPricedV1,
  TransactionCreatedV1,
} from './events/billing';
import type {
  TaskAddedV1,
  TaskAddedV2,
  TaskAssignedV1,
  TaskCompletedV1,
  TaskStateV1,
  TaskStateV2,
} from './events/tasks';

type Fields<Schema extends { properties: object }> = keyof Schema['properties'];
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** One line per event version; `true` only if the interface and the schema list the same fields. */
export const EVENT_TYPES_MATCH_SCHEMAS: Record<string, true> = {
  'AccountCreated@1': true satisfies SameKeys<keyof AccountStateV1, Fields<typeof accountCreatedV1>>,
  'AccountUpdated@1': true satisfies SameKeys<keyof AccountStateV1, Fields<typeof accountUpdatedV1>>,
  'AccountRoleChanged@1': true satisfies SameKeys<
    keyof AccountRoleChangedV1,
    Fields<typeof accountRoleChangedV1>
  >,
  'TaskCreated@1': true satisfies SameKeys<keyof TaskStateV1, Fields<typeof taskCreatedV1>>,
  'TaskCreated@2': true satisfies SameKeys<keyof TaskStateV2, Fields<typeof taskCreatedV2>>,
  'TaskUpdated@1': true satisfies SameKeys<keyof TaskStateV1, Fields<typeof taskUpdatedV1>>,
  'TaskUpdated@2': true satisfies SameKeys<keyof TaskStateV2, Fields<typeof taskUpdatedV2>>,
  'TaskAdded@1': true satisfies SameKeys<keyof TaskAddedV1, Fields<typeof taskAddedV1>>,
  'TaskAdded@2': true satisfies SameKeys<keyof TaskAddedV2, Fields<typeof taskAddedV2>>,
  'TaskAssigned@1': true satisfies SameKeys<keyof TaskAssignedV1, Fields<typeof taskAssignedV1>>,
  'TaskCompleted@1': true satisfies SameKeys<keyof TaskCompletedV1, Fields<typeof taskCompletedV1>>,
  'TaskPriced@1': true satisfies SameKeys<keyof TaskPricedV1, Fields<typeof taskPricedV1>>,
  'PaymentMade@1': true satisfies SameKeys<keyof PaymentMadeV1, Fields<typeof paymentMadeV1>>,
  'BillingCycleClosed@1': true satisfies SameKeys<
    keyof BillingCycleClosedV1,
    Fields<typeof billingCycleClosedV1>
  >,
  'TransactionCreated@1': true satisfies SameKeys<
    keyof TransactionCreatedV1,
    Fields<typeof transactionCreatedV1>
  >,
};
