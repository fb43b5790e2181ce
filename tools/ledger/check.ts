/**
 * `npm run ledger:check` — audits the money of a quiet system (running or stopped), straight from its databases
 * and its transport, and exits 1 naming every problem:
 *
 *  1. every balance equals the sum of its account's entries;
 *  2. one assignment fee per TaskAssigned (a shuffle: one per reassignment) and one completion reward per
 *     TaskCompleted (at most one per task), on the event's task and assignee at the task's price, and no entry
 *     but a payout without such a source event;
 *  3. each closed cycle: its payouts, their entries and the PaymentMade events match one to one and add up to
 *     `total_paid`; no positive balance left at its cut; no entry after its cut;
 *  4. no outbox row left unsent, in any service, and no dead letter pending;
 *  5. analytics holds every entry, with accounting's sums per day.
 *
 * It prints what it audited; `--expect-assignments N` (and `--expect-completions`, `--expect-payouts`,
 * `--expect-cycles`) fail an audit that saw fewer, so that an audit of nothing cannot pass.
 * Reads `<SERVICE>_DATABASE_URL` or `DATABASE_URL`, and Kafka when the services use it (EVENT_TRANSPORT, else
 * KAFKA_BROKERS), else the PostgreSQL event log.
 */
import { auditCycles } from './audit/cycles';
import { auditAnalytics, auditBalances } from './audit/books';
import { Findings } from './audit/findings';
import { auditDeadLetters, auditOutboxes } from './audit/plumbing';
import { Env, openSources } from './audit/sources';
import { auditTaskMoney } from './audit/task-money';

export type Minimums = Partial<Record<keyof Findings['counts'], number>>;

/** The audit; `databaseUrl` (one database holding every schema) overrides the environment's. */
export async function auditLedger(
  databaseUrl?: string,
  minimums: Minimums = {},
  env: Env = process.env,
): Promise<Findings> {
  const findings = new Findings();
  const sources = await openSources(env, databaseUrl);
  try {
    for (const audit of [
      auditBalances,
      auditTaskMoney,
      auditCycles,
      auditOutboxes,
      auditDeadLetters,
      auditAnalytics,
    ])
      await audit(sources, findings);
  } finally {
    await sources.close();
  }
  const { counts } = findings;
  findings.notes.unshift(
    `audited ${counts.assignments} assignments, ${counts.completions} completions, ${counts.payouts} payouts over ${counts.cycles} closed cycle(s), ${counts.entries} entries`,
  );
  for (const [what, minimum] of Object.entries(minimums))
    if (counts[what as keyof Minimums] < (minimum ?? 0))
      findings.problems.push(
        `expected at least ${minimum} ${what}, audited ${counts[what as keyof Minimums]}`,
      );
  return findings;
}

/** `--expect-assignments 10` → { assignments: 10 }; null for anything it does not know. */
export function parseArgs(args: string[]): Minimums | null {
  const minimums: Minimums = {};
  for (let i = 0; i < args.length; i += 2) {
    const what = /^--expect-(assignments|completions|payouts|cycles)$/.exec(args[i])?.[1];
    const value = Number(args[i + 1]);
    if (!what || !Number.isInteger(value) || value < 0) return null;
    minimums[what as keyof Minimums] = value;
  }
  return minimums;
}

if (require.main === module) {
  const minimums = parseArgs(process.argv.slice(2));
  if (!minimums) {
    // `--help` is answered before this runs (tools/help.cjs prints the comment at the top of this file).
    console.error(
      'usage: npm run ledger:check [-- --expect-assignments N --expect-completions N --expect-payouts N --expect-cycles N]',
    );
    process.exit(2);
  }
  auditLedger(undefined, minimums).then(
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
}
