import { AcceptedEvents, topicsOf } from '@ates/contracts';

/** Every event analytics reads, with the versions its handlers accept (v1 task events are upcast). */
export const CONSUMED_EVENTS: AcceptedEvents = {
  AccountCreated: [1],
  AccountUpdated: [1],
  TaskCreated: [1, 2],
  TaskUpdated: [1, 2],
  TaskAdded: [1, 2],
  TaskCompleted: [1],
  TaskPriced: [1],
  TransactionCreated: [1],
};

export const CONSUMED_TOPICS = topicsOf(CONSUMED_EVENTS);
