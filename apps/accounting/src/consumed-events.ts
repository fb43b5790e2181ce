import { AcceptedEvents, topicsOf } from '@ates/contracts';

/** Every event accounting reads, with the versions its handlers accept (v1 task events are upcast). */
export const CONSUMED_EVENTS: AcceptedEvents = {
  AccountCreated: [1],
  AccountUpdated: [1],
  TaskCreated: [1, 2],
  TaskUpdated: [1, 2],
  TaskAdded: [1, 2],
  TaskAssigned: [1],
  TaskCompleted: [1],
  PaymentMade: [1],
};

export const CONSUMED_TOPICS = topicsOf(CONSUMED_EVENTS);
