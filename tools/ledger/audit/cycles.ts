import type { PaymentMadeV1 } from '@ates/contracts';
import { Findings, num } from './findings';
import { AuditSources } from './sources';

interface CycleRow {
  id: string;
  public_id: string;
  status: string;
  business_date: string;
  payouts: number | null;
  total_paid: string | null;
}

interface PayoutRow {
  id: string;
  public_id: string;
  cycle_id: string;
  account: string;
  amount: string;
  entries: number;
  entry_debit: string | null;
}

/**
 * Billing cycles and payouts (SPEC §3.6): for each closed cycle, its payout rows, their ledger entries and the
 * PaymentMade events match one to one and add up to `total_paid`; no positive balance is left at the cut; no entry
 * lands in a closed cycle after its cut; an open cycle has paid nobody.
 */
export async function auditCycles(sources: AuditSources, findings: Findings): Promise<void> {
  const db = sources.accounting;
  const { rows: cycles } = await db.query<CycleRow>(
    `SELECT id, public_id, status, to_char(business_date, 'YYYY-MM-DD') AS business_date, payouts, total_paid
       FROM accounting.billing_cycles ORDER BY id`,
  );
  const { rows: payouts } = await db.query<PayoutRow>(
    `SELECT p.id, p.public_id, p.cycle_id, a.public_id AS account, p.amount,
            count(e.id)::int AS entries, sum(e.debit) AS entry_debit
       FROM accounting.payouts p
       JOIN accounting.accounts a ON a.id = p.account_id
       LEFT JOIN accounting.entries e ON e.payout_id = p.id AND e.kind = 'payout'
      GROUP BY p.id, a.public_id ORDER BY p.id`,
  );
  const payments = new Map<string, PaymentMadeV1[]>();
  for (const { payload } of (
    await db.query<{ payload: string }>(
      `SELECT payload FROM accounting.outbox WHERE event_name = 'PaymentMade'`,
    )
  ).rows) {
    const data = (JSON.parse(payload) as { data: PaymentMadeV1 }).data;
    payments.set(data.payment_id, [...(payments.get(data.payment_id) ?? []), data]);
  }
  const problems: string[] = [];
  const publicIdOf = new Map(cycles.map((c) => [c.id, c.public_id]));
  for (const cycle of cycles) {
    const paid = payouts.filter((p) => p.cycle_id === cycle.id);
    const label = `cycle ${cycle.public_id} (${cycle.business_date})`;
    if (cycle.status !== 'closed') {
      if (paid.length > 0) problems.push(`${label} is open but has ${paid.length} payout(s)`);
      continue;
    }
    findings.counts.cycles++;
    findings.counts.payouts += paid.length;
    const sum = paid.reduce((total, p) => total + num(p.amount), 0);
    if (sum !== num(cycle.total_paid) || paid.length !== cycle.payouts)
      problems.push(
        `${label}: ${paid.length} payout(s) of ${sum} in all, but the cycle says ${cycle.payouts} of ${num(cycle.total_paid)}`,
      );
  }
  for (const p of payouts) {
    if (p.entries !== 1 || num(p.entry_debit) !== num(p.amount))
      problems.push(
        `payout ${p.public_id} of ${p.amount} to ${p.account}: ${p.entries} payout entries debiting ${num(p.entry_debit)}`,
      );
    const made = payments.get(p.public_id) ?? [];
    const cycle = publicIdOf.get(p.cycle_id);
    if (
      made.length !== 1 ||
      made[0].amount !== num(p.amount) ||
      made[0].account_id !== p.account ||
      made[0].cycle_id !== cycle
    )
      problems.push(
        `payout ${p.public_id} of ${p.amount} to ${p.account}: ${made.length} PaymentMade event(s)${made.length === 1 ? ` of ${made[0].amount} to ${made[0].account_id}` : ''}`,
      );
    payments.delete(p.public_id);
  }
  for (const [id, made] of payments)
    problems.push(`PaymentMade ${id} of ${made[0].amount} to ${made[0].account_id}: no such payout`);
  await balancesAtCuts(sources, cycles, problems);
  const late = await db.query<{ id: string; kind: string; cycle: string }>(
    `SELECT e.public_id AS id, e.kind, c.public_id AS cycle FROM accounting.entries e
       JOIN accounting.billing_cycles c ON c.id = e.cycle_id
      WHERE c.status = 'closed' AND e.created_at > c.closed_at ORDER BY e.id`,
  );
  for (const r of late.rows)
    problems.push(`entry ${r.id} (${r.kind}) is in closed cycle ${r.cycle} but after its cut`);
  findings.problemsOf('payout problems', problems);
}

/**
 * A close pays every positive balance, so at each cut (after its payouts) every account stands at zero or below:
 * the sum of an account's entries up to and including a closed cycle is never positive.
 */
async function balancesAtCuts(sources: AuditSources, cycles: CycleRow[], problems: string[]): Promise<void> {
  const closed = cycles.filter((c) => c.status === 'closed');
  if (closed.length === 0) return;
  const { rows } = await sources.accounting.query<{ account: string; cycle_id: string; delta: string }>(
    `SELECT a.public_id AS account, e.cycle_id, sum(e.credit - e.debit) AS delta
       FROM accounting.entries e JOIN accounting.accounts a ON a.id = e.account_id
      GROUP BY a.public_id, e.cycle_id ORDER BY a.public_id, e.cycle_id`,
  );
  const deltas = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const perCycle = deltas.get(r.account) ?? new Map<string, number>();
    perCycle.set(r.cycle_id, num(r.delta));
    deltas.set(r.account, perCycle);
  }
  for (const [account, perCycle] of deltas) {
    let balance = 0;
    for (const cycle of cycles) {
      balance += perCycle.get(cycle.id) ?? 0;
      if (cycle.status === 'closed' && balance > 0) {
        problems.push(
          `account ${account}: ${balance} left unpaid at the cut of cycle ${cycle.public_id} (${cycle.business_date})`,
        );
        break; // once per account: later cuts inherit the same gap
      }
    }
  }
}
