/**
 * Counters of one process, shown at `GET /metrics` in the Prometheus text format: what the consumers applied,
 * skipped as duplicates, retried and dead-lettered, and what the outbox relay published. Process-wide like
 * prom-client's default registry: a service has one consumer and one relay.
 */
type Labels = Record<string, string>;

interface Family {
  help: string;
  values: Map<string, { labels: Labels; value: number }>;
}

export class Metrics {
  private readonly families = new Map<string, Family>();

  constructor(definitions: Record<string, string>) {
    for (const [name, help] of Object.entries(definitions))
      this.families.set(name, { help, values: new Map() });
  }

  inc(name: MetricName, labels: Labels, by = 1): void {
    if (by === 0) return;
    const family = this.family(name);
    const key = labelText(labels);
    const entry = family.values.get(key) ?? { labels, value: 0 };
    entry.value += by;
    family.values.set(key, entry);
  }

  /** The sum over every series of `name` whose labels include `labels`. */
  value(name: MetricName, labels: Labels = {}): number {
    let sum = 0;
    for (const entry of this.family(name).values.values())
      if (Object.entries(labels).every(([k, v]) => entry.labels[k] === v)) sum += entry.value;
    return sum;
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, { help, values }] of this.families) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [labels, { value }] of values) lines.push(`${name}${labels} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private family(name: string): Family {
    const family = this.families.get(name);
    if (!family) throw new Error(`unknown metric ${name}`);
    return family;
  }
}

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${escape(v)}"`)
    .join(',')}}`;

const DEFINITIONS = {
  ates_consumer_events_applied_total: 'Events whose effects were committed by the consumer (inbox).',
  ates_consumer_events_duplicate_total: 'Events skipped because the inbox had already applied them.',
  ates_consumer_events_unlisted_total:
    'Events the consumer does not read (others on its topics), acknowledged without reaching the inbox.',
  ates_consumer_retries_total: 'Retries of an event whose handler failed.',
  ates_consumer_conflicts_total: 'Chunk transactions run again after a deadlock with a concurrent chunk.',
  ates_consumer_dead_letters_total:
    'Events sent to <topic>.dlq: kind="invalid" (unparsable, schema, version) or kind="failed" (handler).',
  ates_outbox_events_published_total: 'Outbox rows the relay published to Kafka and marked sent.',
  ates_outbox_relay_failures_total:
    'Relay passes that failed (Kafka or the database unavailable) and backed off.',
} as const;

export type MetricName = keyof typeof DEFINITIONS;

/** This process's counters. */
export const metrics = new Metrics(DEFINITIONS);
