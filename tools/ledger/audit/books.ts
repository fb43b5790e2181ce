import { Findings, num } from './findings';
import { AuditSources } from './sources';

/** Every account's balance equals the sum of its entries (the invariant accounting keeps). */
export async function auditBalances(sources: AuditSources, findings: Findings): Promise<void> {
  const { rows } = await sources.accounting.query<{ account: string; balance: string; sum: string }>(
    `SELECT a.public_id AS account, a.balance, coalesce(sum(e.credit - e.debit), 0) AS sum
       FROM accounting.accounts a LEFT JOIN accounting.entries e ON e.account_id = a.id
      GROUP BY a.id HAVING a.balance <> coalesce(sum(e.credit - e.debit), 0)`,
  );
  findings.problemsOf(
    'balances that are not the sum of their entries',
    rows.map((r) => `account ${r.account}: balance ${r.balance} ≠ sum of entries ${r.sum}`),
  );
}

interface DayRow {
  day: string;
  fees: string;
  rewards: string;
  payouts: string;
  entries: number;
}

const PER_DAY = `SELECT to_char((created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day,
    coalesce(sum(debit) FILTER (WHERE kind = 'assignment_fee'), 0) AS fees,
    coalesce(sum(credit) FILTER (WHERE kind = 'completion_reward'), 0) AS rewards,
    coalesce(sum(debit) FILTER (WHERE kind = 'payout'), 0) AS payouts,
    count(*)::int AS entries`;

/** Analytics holds a copy of every entry (TransactionCreated): the same entries, the same sums per day. */
export async function auditAnalytics(sources: AuditSources, findings: Findings): Promise<void> {
  const day = (rows: DayRow[]) => new Map(rows.map((r) => [r.day, r]));
  const left = day(
    (await sources.accounting.query<DayRow>(`${PER_DAY} FROM accounting.entries GROUP BY 1`)).rows,
  );
  const right = day(
    (await sources.analytics.query<DayRow>(`${PER_DAY} FROM analytics.transactions GROUP BY 1`)).rows,
  );
  const show = (r?: DayRow) =>
    r
      ? `fees ${num(r.fees)}, rewards ${num(r.rewards)}, payouts ${num(r.payouts)}, ${r.entries} entries`
      : 'nothing';
  const problems: string[] = [];
  for (const d of [...new Set([...left.keys(), ...right.keys()])].sort()) {
    const [l, r] = [left.get(d), right.get(d)];
    if (show(l) !== show(r)) problems.push(`${d}: accounting has ${show(l)}; analytics has ${show(r)}`);
  }
  const ids = async (sql: string, db = sources.accounting) =>
    new Set((await db.query<{ id: string }>(sql)).rows.map((r) => r.id));
  const entries = await ids(`SELECT public_id AS id FROM accounting.entries`);
  const copies = await ids(`SELECT public_id AS id FROM analytics.transactions`, sources.analytics);
  problems.push(
    ...[...entries]
      .filter((id) => !copies.has(id))
      .slice(0, 20)
      .map((id) => `entry ${id}: not in analytics`),
    ...[...copies]
      .filter((id) => !entries.has(id))
      .slice(0, 20)
      .map((id) => `analytics transaction ${id}: no such entry`),
  );
  findings.problemsOf('accounting and analytics disagree', problems);
  findings.notes.push(`${entries.size} entries over ${left.size} day(s)`);
}
