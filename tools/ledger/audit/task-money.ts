import { Envelope, AuditSources } from './sources';
import { Findings, num } from './findings';

/** The task events that move money, and the entry kind each must produce exactly once. */
const MONEY_EVENTS = { TaskAssigned: 'assignment_fee', TaskCompleted: 'completion_reward' } as const;
type MoneyEvent = keyof typeof MONEY_EVENTS;

interface TaskEvent {
  id: string;
  name: string;
  task: string;
  assignee: string;
}

interface EntryRow {
  id: string;
  kind: string;
  debit: string;
  credit: string;
  source: string | null;
  payout_id: string | null;
  task: string | null;
  account: string;
  fee: string | null;
  reward: string | null;
}

const asTaskEvent = (e: Envelope): TaskEvent => ({
  id: e.event_id,
  name: e.event_name,
  task: String(e.data['task_id'] ?? ''),
  assignee: String(e.data['assignee_id'] ?? ''),
});

/**
 * The events accounting must turn into money: every TaskAssigned and TaskCompleted in tasks' outbox (sent or not:
 * an unsent one is reported by the outbox check and still owes its entry), and those on tasks-lifecycle from
 * another producer (an old version, a test) that accounting's inbox took in. Every other event tasks published is
 * known too, by name, so that an entry sourced from one (a TaskAdded, say) is named for what it is.
 */
async function taskEvents(sources: AuditSources, findings: Findings): Promise<Map<string, TaskEvent>> {
  const { rows } = await sources.tasks.query<{ payload: string }>(`SELECT payload FROM tasks.outbox`);
  const events = new Map<string, TaskEvent>();
  for (const row of rows) {
    const event = asTaskEvent(JSON.parse(row.payload) as Envelope);
    events.set(event.id, event);
  }
  const foreign = (await sources.topic('tasks-lifecycle'))
    .filter((e) => e.event_name in MONEY_EVENTS && !events.has(e.event_id))
    .map(asTaskEvent);
  if (foreign.length > 0) {
    const taken = await sources.accounting.query<{ event_id: string }>(
      `SELECT DISTINCT event_id FROM accounting.processed_events WHERE event_id = ANY($1::uuid[])`,
      [foreign.map((e) => e.id)],
    );
    const seen = new Set(taken.rows.map((r) => r.event_id));
    const accepted = foreign.filter((e) => seen.has(e.id));
    for (const event of accepted) events.set(event.id, event);
    findings.notes.push(
      `${accepted.length} task event(s) from another producer than tasks, on tasks-lifecycle, taken in by accounting`,
    );
  }
  return events;
}

/**
 * Fees and rewards (SPEC §3.4): one fee per TaskAssigned (a shuffle counts once per reassignment), one reward per
 * TaskCompleted (at most one per task), each on the event's task and assignee, at the task's price, and no entry
 * but a payout without such a source.
 */
export async function auditTaskMoney(sources: AuditSources, findings: Findings): Promise<void> {
  const events = await taskEvents(sources, findings);
  const { rows: entries } = await sources.accounting.query<EntryRow>(
    `SELECT e.public_id AS id, e.kind, e.debit, e.credit, e.source_event_id AS source, e.payout_id,
            t.public_id AS task, a.public_id AS account, t.assignment_fee AS fee, t.completion_reward AS reward
       FROM accounting.entries e
       JOIN accounting.accounts a ON a.id = e.account_id
       LEFT JOIN accounting.tasks t ON t.id = e.task_id`,
  );
  findings.counts.entries = entries.length;
  const strays: string[] = [];
  const wrong: string[] = [];
  const posted = new Set<string>(); // the events that have their entry
  for (const entry of entries) {
    if (entry.kind === 'payout') {
      if (entry.payout_id === null || entry.source !== null)
        strays.push(`entry ${entry.id}: a payout entry must come from a payout, not from an event`);
      continue;
    }
    const event = entry.source ? events.get(entry.source) : undefined;
    if (!event) {
      strays.push(
        `entry ${entry.id}: ${entry.kind} of task ${entry.task} from ${entry.source ? `event ${entry.source}, which no producer published` : 'no source event'}`,
      );
      continue;
    }
    if (MONEY_EVENTS[event.name as MoneyEvent] !== entry.kind) {
      strays.push(
        `entry ${entry.id}: ${entry.kind} of task ${entry.task} from a ${event.name} event ${event.id}`,
      );
      continue;
    }
    posted.add(event.id);
    const amount = entry.kind === 'assignment_fee' ? num(entry.debit) : num(entry.credit);
    const price = num(entry.kind === 'assignment_fee' ? entry.fee : entry.reward);
    if (event.task !== entry.task || event.assignee !== entry.account || amount !== price)
      wrong.push(
        `entry ${entry.id}: ${entry.kind} ${amount} on task ${entry.task} for ${entry.account}, but ${event.name} ${event.id} is task ${event.task} for ${event.assignee} at ${price}`,
      );
  }
  findings.problemsOf('entries without a proper source', strays);
  findings.problemsOf('entries that disagree with their event', wrong);

  // Per task: entries of each kind against that task's events of the matching name.
  const perTask = new Map<string, Record<string, number>>();
  const bump = (task: string, key: string) => {
    const counts = perTask.get(task) ?? {};
    counts[key] = (counts[key] ?? 0) + 1;
    perTask.set(task, counts);
  };
  for (const event of events.values())
    if (event.name in MONEY_EVENTS) {
      bump(event.task, event.name);
      if (event.name === 'TaskAssigned') findings.counts.assignments++;
      else findings.counts.completions++;
    }
  for (const entry of entries) if (entry.task && entry.kind !== 'payout') bump(entry.task, entry.kind);
  const mismatched: string[] = [];
  for (const [task, counts] of perTask) {
    for (const [name, kind] of Object.entries(MONEY_EVENTS)) {
      const expected = counts[name] ?? 0;
      const posted = counts[kind] ?? 0;
      if (expected !== posted)
        mismatched.push(`task ${task}: ${posted} ${kind} entries for ${expected} ${name} event(s)`);
    }
    if ((counts['TaskCompleted'] ?? 0) > 1)
      mismatched.push(`task ${task}: completed ${counts['TaskCompleted']} times`);
  }
  findings.problemsOf('tasks whose entries disagree with their events', mismatched);

  const unposted = [...events.values()]
    .filter((e) => e.name in MONEY_EVENTS && !posted.has(e.id))
    .map((e) => `${e.name} ${e.id}: no ${MONEY_EVENTS[e.name as MoneyEvent]} entry (task ${e.task})`);
  findings.problemsOf('money events without their entry', unposted);
}
