/** The course's schema-registry envelope: every event on the wire looks like this. */
export interface EventEnvelope<TData = Record<string, unknown>, TName extends string = string> {
  event_id: string;
  event_version: number;
  event_name: TName;
  event_time: string;
  producer: string;
  data: TData;
}
