import { header } from '@ates/messaging';
import { Findings } from './findings';
import { AuditSources } from './sources';

/** Once the system is quiet, every service's outbox has been sent: an unsent row is an event nobody saw. */
export async function auditOutboxes(sources: AuditSources, findings: Findings): Promise<void> {
  for (const service of ['auth', 'tasks', 'accounting', 'analytics'] as const) {
    const { rows } = await sources[service].query<{ n: number; names: string[] | null; oldest: Date | null }>(
      `SELECT count(*)::int AS n, array_agg(DISTINCT event_name) AS names, min(created_at) AS oldest
         FROM ${service}.outbox WHERE sent_at IS NULL`,
    );
    const [{ n, names, oldest }] = rows;
    if (n > 0)
      findings.problems.push(
        `${service}: ${n} outbox row(s) never sent (${(names ?? []).join(', ')}; the oldest from ${oldest?.toISOString()})`,
      );
  }
}

/** A dead letter still pending is an event some consumer never applied. */
export async function auditDeadLetters(sources: AuditSources, findings: Findings): Promise<void> {
  const letters = await sources.pendingDeadLetters();
  findings.problemsOf(
    'dead letters pending',
    letters.map(
      (l) =>
        `dead letter pending on ${l.topic}/${l.partition}@${l.offset} for ${header(l.headers, 'dlq_consumer')}: ${header(l.headers, 'dlq_reason')}`,
    ),
    10,
  );
}
