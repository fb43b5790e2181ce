// Where the lag of the lag phase goes: each task's TaskAssigned, from the task's creation to its fee's commit, cut
// into stages by the timestamps PostgreSQL keeps (the bench's cluster runs with track_commit_timestamp=on, so
// pg_xact_commit_timestamp(xmin) is when the transaction that last wrote a row committed).
import { quantile, round } from './load.mjs';

const ms = (column) => `extract(epoch FROM ${column}) * 1000`;
const commitMs = (alias) => ms(`pg_xact_commit_timestamp(${alias}.xmin)`);

/**
 * p50/p99 (ms) of every stage for the given tasks, or null without commit timestamps. On the event log "relay
 * sent" is the start of the relay's append-and-mark transaction; on Kafka, the moment after the broker's ack
 * (the mark is a statement of its own there). Four simple reads joined here: one join of all of them got a
 * nested-loop plan that ran for minutes.
 */
export async function lagStages(sql, ids) {
  // A server of one's own (DATABASE_URL, as `infra up` exports) may not keep commit timestamps.
  const { rows } = await sql('SHOW track_commit_timestamp');
  if (rows[0]?.track_commit_timestamp !== 'on') return null;
  const byKey = async (text, params) => new Map((await sql(text, params)).rows.map((r) => [r.key, r]));
  const tasks = await byKey(
    `SELECT public_id::text AS key, ${ms('created_at')} AS created, ${commitMs('t')} AS committed
       FROM tasks.tasks t WHERE public_id = ANY($1::uuid[])`,
    [ids],
  );
  const sent = await byKey(
    `SELECT message_key AS key, event_id::text, ${ms('sent_at')} AS sent, ${commitMs('o')} AS marked
       FROM tasks.outbox o WHERE event_name = 'TaskAssigned' AND message_key = ANY($1::text[])`,
    [ids],
  );
  const consumed = await byKey(
    `SELECT event_id::text AS key, ${ms('processed_at')} AS started FROM accounting.processed_events
      WHERE consumer = 'accounting' AND event_id = ANY($1::uuid[])`,
    [[...sent.values()].map((r) => r.event_id)],
  );
  const charged = await byKey(
    `SELECT a.public_id::text AS key, min(${commitMs('e')}) AS committed
       FROM accounting.tasks a JOIN accounting.entries e ON e.task_id = a.id AND e.kind = 'assignment_fee'
      WHERE a.public_id = ANY($1::uuid[]) GROUP BY a.public_id`,
    [ids],
  );
  /** @type {Record<string, number[]>} */
  const stages = {
    'task tx': [],
    'committed → relay sent': [],
    'relay sent → marked': [],
    'marked → chunk start': [],
    'chunk start → fee committed': [],
    'created → fee committed': [],
  };
  for (const id of ids) {
    const [t, o, f] = [tasks.get(id), sent.get(id), charged.get(id)];
    const p = o && consumed.get(o.event_id);
    if (!t || !o || !p || !f || t.committed === null) continue;
    const at = [t.created, t.committed, o.sent, o.marked, p.started, f.committed].map(Number);
    const spans = Object.values(stages);
    for (let i = 0; i < 5; i++) spans[i].push(at[i + 1] - at[i]);
    spans[5].push(at[5] - at[0]);
  }
  if (stages['task tx'].length === 0) return null;
  return Object.fromEntries(
    Object.entries(stages).map(([stage, values]) => {
      const sorted = values.sort((a, b) => a - b);
      return [stage, { p50: round(quantile(sorted, 0.5)), p99: round(quantile(sorted, 0.99)) }];
    }),
  );
}
