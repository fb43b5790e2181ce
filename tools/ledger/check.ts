/**
 * `npm run ledger:check` — audits the money on a running (or stopped) system, straight from the databases:
 *
 *  1. every account's balance equals the sum of its entries (accounting);
 *  2. one assignment fee per TaskAssigned and one completion reward per TaskCompleted that tasks published
 *     (its outbox), none missing, none doubled — and at most one reward per task;
 *  3. no account paid twice in a cycle;
 *  4. accounting's day figures (fees, rewards) equal analytics', and analytics holds every entry.
 *
 * Reads `<SERVICE>_DATABASE_URL` or `DATABASE_URL`. Exits 1 and lists the problems when anything is off.
 * Events that reached accounting from elsewhere (an old producer, a test) are reported, not counted as errors.
 */
import { Client } from 'pg';

const url = (service: string) =>
  process.env[`${service.toUpperCase()}_DATABASE_URL`] ?? process.env['DATABASE_URL'];

/** One client per distinct database of the services (one in all when they share a database). */
async function connectAll(services: string[], databaseUrl?: string): Promise<Client[]> {
  const clients = new Map<string, Promise<Client>>();
  return Promise.all(
    services.map((service) => {
      const connectionString = databaseUrl ?? url(service);
      if (!connectionString)
        throw new Error(`DATABASE_URL (or ${service.toUpperCase()}_DATABASE_URL) is required`);
      if (!clients.has(connectionString)) {
        const client = new Client({ connectionString });
        clients.set(
          connectionString,
          client.connect().then(() => client),
        );
      }
      return clients.get(connectionString) as Promise<Client>;
    }),
  );
}

async function rows<T>(client: Client, sql: string): Promise<T[]> {
  return (await client.query(sql)).rows as T[];
}

/** The audit; `databaseUrl` (one database holding every schema) overrides the environment. */
export async function auditLedger(databaseUrl?: string): Promise<{ problems: string[]; notes: string[] }> {
  const problems: string[] = [];
  const notes: string[] = [];
  const clients = await connectAll(['accounting', 'tasks', 'analytics'], databaseUrl);
  const [accounting, tasks, analytics] = clients;
  try {
    for (const r of await rows<{ account: string; balance: string; sum: string }>(
      accounting,
      `SELECT a.public_id AS account, a.balance, coalesce(sum(e.credit - e.debit), 0) AS sum
         FROM accounting.accounts a LEFT JOIN accounting.entries e ON e.account_id = a.id
        GROUP BY a.id HAVING a.balance <> coalesce(sum(e.credit - e.debit), 0)`,
    ))
      problems.push(`account ${r.account}: balance ${r.balance} ≠ sum of entries ${r.sum}`);

    for (const [event, kind] of [
      ['TaskAssigned', 'assignment_fee'],
      ['TaskCompleted', 'completion_reward'],
    ] as const) {
      const published = new Set(
        (
          await rows<{ event_id: string }>(
            tasks,
            `SELECT event_id FROM tasks.outbox WHERE event_name = '${event}' AND sent_at IS NOT NULL`,
          )
        ).map((r) => r.event_id),
      );
      const posted = await rows<{ source: string; n: number }>(
        accounting,
        `SELECT source_event_id AS source, count(*)::int AS n FROM accounting.entries WHERE kind = '${kind}' GROUP BY 1`,
      );
      const seen = new Set<string>();
      for (const p of posted) {
        seen.add(p.source);
        if (p.n > 1) problems.push(`${event} ${p.source}: ${p.n} ${kind} entries`);
      }
      const missing = [...published].filter((id) => !seen.has(id));
      for (const id of missing.slice(0, 20)) problems.push(`${event} ${id}: no ${kind} entry`);
      if (missing.length > 20)
        problems.push(`… and ${missing.length - 20} more ${event} events without a ${kind}`);
      const foreign = posted.filter((p) => !published.has(p.source)).length;
      if (foreign > 0)
        notes.push(`${foreign} ${kind} entries come from ${event} events not in tasks' outbox`);
      notes.push(`${event}: ${published.size} published by tasks, ${posted.length} posted by accounting`);
    }
    for (const r of await rows<{ task: string; n: number }>(
      accounting,
      `SELECT task_id AS task, count(*)::int AS n FROM accounting.entries WHERE kind = 'completion_reward'
        GROUP BY 1 HAVING count(*) > 1`,
    ))
      problems.push(`task ${r.task}: ${r.n} completion rewards`);

    for (const r of await rows<{ cycle: string; account: string; n: number }>(
      accounting,
      `SELECT cycle_id AS cycle, account_id AS account, count(*)::int AS n FROM accounting.entries
        WHERE kind = 'payout' GROUP BY 1, 2 HAVING count(*) > 1`,
    ))
      problems.push(`cycle ${r.cycle}, account ${r.account}: paid ${r.n} times`);

    const perDay = `SELECT to_char((created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day,
        coalesce(sum(debit) FILTER (WHERE kind = 'assignment_fee'), 0)::bigint AS fees,
        coalesce(sum(credit) FILTER (WHERE kind = 'completion_reward'), 0)::bigint AS rewards,
        count(*)::int AS entries`;
    const left = await rows<{ day: string; fees: string; rewards: string; entries: number }>(
      accounting,
      `${perDay} FROM accounting.entries GROUP BY 1 ORDER BY 1`,
    );
    const right = new Map(
      (
        await rows<{ day: string; fees: string; rewards: string; entries: number }>(
          analytics,
          `${perDay} FROM analytics.transactions GROUP BY 1 ORDER BY 1`,
        )
      ).map((r) => [r.day, r]),
    );
    for (const l of left) {
      const r = right.get(l.day);
      if (!r || r.fees !== l.fees || r.rewards !== l.rewards || r.entries !== l.entries)
        problems.push(
          `${l.day}: accounting fees/rewards/entries ${l.fees}/${l.rewards}/${l.entries} ≠ analytics ${r ? `${r.fees}/${r.rewards}/${r.entries}` : 'nothing'}`,
        );
    }
    notes.push(`${left.reduce((n, l) => n + l.entries, 0)} entries over ${left.length} day(s)`);
  } finally {
    await Promise.all([...new Set(clients)].map((c) => c.end()));
  }
  return { problems, notes };
}

if (require.main === module)
  auditLedger().then(
    ({ problems, notes }) => {
      for (const note of notes) console.log(`ledger: ${note}`);
      for (const problem of problems) console.error(`ledger: PROBLEM ${problem}`);
      console.log(problems.length === 0 ? 'ledger: ok' : `ledger: ${problems.length} problem(s)`);
      process.exit(problems.length === 0 ? 0 : 1);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
