import { AcceptedEvents, topicsOf } from '@ates/contracts';

/** Every event tasks reads, with the versions its handlers accept. */
export const CONSUMED_EVENTS: AcceptedEvents = {
  AccountCreated: [1],
  AccountUpdated: [1],
  AccountRoleChanged: [1],
};

export const CONSUMED_TOPICS = topicsOf(CONSUMED_EVENTS);
