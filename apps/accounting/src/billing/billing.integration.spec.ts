import type { BillingCycleClosedV1, PaymentMadeV1, TransactionCreatedV1 } from '@ates/contracts';
import { addDays, businessDate } from '@ates/platform';
import { envelope, outboxContractViolations } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { PostingGate } from '../ledger/posting-gate.repository';
import type { CloseResult } from './billing.service';
import {
  account,
  AccountingHarness,
  accountingHarness,
  MISMATCHED_BALANCES,
  taskAdded,
  taskAssigned,
  taskCompleted,
} from '../testing/accounting-harness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Popugs with a positive, a negative and a zero balance. */
async function dayOfWork(h: AccountingHarness) {
  const [rich, debtor, idle] = ['rich', 'debtor', 'idle'].map(account);
  const [t1, t2] = [randomUUID(), randomUUID()];
  await h.feed([
    ...[rich, debtor, idle].map((a) => envelope('AccountCreated', 1, a)),
    taskAdded(t1, 'Feed the parrots', rich.public_id),
    taskAssigned(t1, rich.public_id, 'created'),
    taskCompleted(t1, rich.public_id),
    taskAdded(t2, 'Clean the cage', debtor.public_id),
    taskAssigned(t2, debtor.public_id, 'created'),
  ]);
  return { rich, debtor, idle, t2 };
}

const balances = async (h: AccountingHarness) =>
  Object.fromEntries(
    (
      await h.q<{ username: string; balance: number }>(
        'SELECT username, balance::int AS balance FROM accounting.accounts',
      )
    ).map((r) => [r.username, r.balance]),
  );

/** Makes the open cycle yesterday's (in the harness's UTC), so the scheduler finds it overdue. */
const backdateOpenCycle = (h: AccountingHarness) =>
  h.q(`UPDATE accounting.billing_cycles SET business_date = $1 WHERE status = 'open'`, [
    addDays(businessDate(new Date(), 'UTC'), -1),
  ]);

const payoutCounts = (h: AccountingHarness) =>
  h.q<{ username: string; n: number; paid: number }>(
    `SELECT a.username, count(*)::int AS n, sum(p.amount)::int AS paid
       FROM accounting.payouts p JOIN accounting.accounts a ON a.id = p.account_id
      GROUP BY a.username ORDER BY a.username`,
  );

describe('billing cycles and payouts (integration, real PostgreSQL)', () => {
  let h: AccountingHarness | undefined;
  afterEach(async () => {
    // Producer contract: every event a close or a posting wrote honours its schema, producer and topic.
    if (h) expect(await outboxContractViolations(h.db, 'accounting', 'accounting')).toEqual([]);
    await h?.database.close();
    h = undefined;
  });

  it('pays exactly the positive balances, carries debts, announces it, and a second close pays nothing', async () => {
    h = await accountingHarness();
    const { rich, debtor } = await dayOfWork(h);
    const before = await balances(h);
    expect(before.rich).toBeGreaterThan(0);
    expect(before.debtor).toBeLessThan(0);
    expect(before.idle).toBe(0);

    const first = await h.billing.closeNow();
    expect(first).toMatchObject({ payouts: 1, totalPaid: before.rich });
    expect(await balances(h)).toEqual({ rich: 0, debtor: before.debtor, idle: 0 });
    expect(await h.q(MISMATCHED_BALANCES)).toEqual([]);

    const [payment] = await h.published<PaymentMadeV1>('PaymentMade');
    expect(payment.data).toMatchObject({
      account_id: rich.public_id,
      amount: before.rich,
      cycle_id: first.cycleId,
    });
    const payoutEntries = (await h.published<TransactionCreatedV1>('TransactionCreated')).filter(
      (e) => e.data.kind === 'payout',
    );
    expect(payoutEntries.map((e) => [e.data.account_id, e.data.debit])).toEqual([
      [rich.public_id, before.rich],
    ]);
    const [closed] = await h.published<BillingCycleClosedV1>('BillingCycleClosed');
    expect(closed.data).toMatchObject({ cycle_id: first.cycleId, payouts: 1, total_paid: before.rich });

    const second = await h.billing.closeNow();
    expect(second).toMatchObject({ cycleId: closed.data.next_cycle_id, payouts: 0, totalPaid: 0 });
    const cycles = await h.cycles.list(10);
    expect(cycles.map((c) => c.status)).toEqual(['open', 'closed', 'closed']);
    expect(await payoutCounts(h)).toEqual([{ username: 'rich', n: 1, paid: before.rich }]);
    const paidTo = (await h.published<PaymentMadeV1>('PaymentMade')).map((p) => p.data.account_id);
    expect(paidTo).toEqual([rich.public_id]); // one payment in two closes, and never to the debtor
    expect(paidTo).not.toContain(debtor.public_id);
  });

  it('repays a carried debt with the next day’s rewards, then pays the rest', async () => {
    h = await accountingHarness();
    const { debtor, t2 } = await dayOfWork(h);
    const debt = (await balances(h)).debtor;
    await h.billing.closeNow();
    await h.feed([taskCompleted(t2, debtor.public_id)]);
    const [{ reward }] = await h.q<{ reward: number }>(
      `SELECT completion_reward::int AS reward FROM accounting.tasks WHERE public_id = $1`,
      [t2],
    );
    const result = await h.billing.closeNow();
    expect(result.payouts).toBe(1);
    expect(result.totalPaid).toBe(reward + debt); // the debt came off the reward first
    expect((await balances(h)).debtor).toBe(0);
  });

  it('pays once when several closes race (admin twice, the scheduler twice)', async () => {
    h = await accountingHarness();
    await dayOfWork(h);
    const expected = (await balances(h)).rich;
    await backdateOpenCycle(h);
    const results = await Promise.all([
      h.billing.closeNow(),
      h.billing.closeOverdue(),
      h.billing.closeNow(),
      h.billing.closeOverdue(),
    ]);
    const paying = results.filter((r) => r && r.payouts > 0);
    expect(paying).toEqual([expect.objectContaining({ payouts: 1, totalPaid: expected })]);
    expect(await payoutCounts(h)).toEqual([{ username: 'rich', n: 1, paid: expected }]);
    expect(await h.q(MISMATCHED_BALANCES)).toEqual([]);
  });

  it('leaves the scheduler idle until the business day is over', async () => {
    h = await accountingHarness();
    await dayOfWork(h);
    expect(await h.billing.closeOverdue()).toBeNull();
    await backdateOpenCycle(h);
    expect(await h.billing.closeOverdue()).toMatchObject({ payouts: 1 });
    expect(await h.billing.closeOverdue()).toBeNull(); // the fresh cycle is today's
  });

  it('pays every positive balance once across slices, debts and zeros in between, in account order', async () => {
    h = await accountingHarness(undefined, { closeSlice: 2 }); // 7 accounts with a balance: 4 slices
    const popugs = Array.from({ length: 9 }, (_, i) => account(`sliced${i}`));
    await h.feed(popugs.map((p) => envelope('AccountCreated', 1, p)));
    for (const [i, p] of popugs.entries()) {
      if (i % 4 === 3) continue; // sliced3, sliced7: zero
      const task = randomUUID();
      await h.feed([taskAdded(task, `task ${i}`, p.public_id), taskAssigned(task, p.public_id, 'created')]);
      if (i % 3 !== 2) await h.feed([taskCompleted(task, p.public_id)]); // sliced2, 5, 8: debtors
    }
    const owed = await balances(h);
    const paying = popugs.map((p) => p.username).filter((u) => owed[u] > 0);
    expect(paying).toEqual(['sliced0', 'sliced1', 'sliced4', 'sliced6']);
    expect(popugs.filter((p) => owed[p.username] < 0)).toHaveLength(3);

    const result = await h.billing.closeNow();
    const total = paying.reduce((sum, u) => sum + owed[u], 0);
    expect(result).toMatchObject({ payouts: 4, totalPaid: total });
    expect(await payoutCounts(h)).toEqual(paying.map((u) => ({ username: u, n: 1, paid: owed[u] })));
    const after = await balances(h);
    for (const p of popugs) expect(after[p.username]).toBe(owed[p.username] > 0 ? 0 : owed[p.username]);
    const byId = new Map(popugs.map((p) => [p.public_id, p.username]));
    const payments = await h.published<PaymentMadeV1>('PaymentMade');
    expect(payments.map((e) => byId.get(e.data.account_id))).toEqual(paying);
    const [closed] = await h.published<BillingCycleClosedV1>('BillingCycleClosed');
    expect(closed.data).toMatchObject({ cycle_id: result.cycleId, payouts: 4, total_paid: total });
    const [last] = await h.q<{ event_name: string }>(
      `SELECT event_name FROM accounting.outbox ORDER BY id DESC LIMIT 1`,
    );
    expect(last.event_name).toBe('BillingCycleClosed'); // after every slice's payouts
    expect(await h.q(MISMATCHED_BALANCES)).toEqual([]);
    expect(await h.billing.closeNow()).toMatchObject({ payouts: 0, totalPaid: 0 });
  });

  it('rolls a close killed halfway through its payouts back entirely; the re-run pays everyone once', async () => {
    // Slices of 2: the 3rd payout hangs in the 2nd slice, after the 1st slice's payouts and events were written.
    h = await accountingHarness(undefined, { closeSlice: 2 });
    const popugs = Array.from({ length: 6 }, (_, i) => account(`popug${i}`));
    const tasks = popugs.map(() => randomUUID());
    await h.feed([
      ...popugs.map((p) => envelope('AccountCreated', 1, p)),
      ...popugs.flatMap((p, i) => [
        taskAdded(tasks[i], `task ${i}`, p.public_id),
        taskCompleted(tasks[i], p.public_id),
      ]),
    ]);
    const owed = await balances(h);
    // The 3rd payout entry hangs (a test-only trigger); the close's backend is then killed mid-statement.
    await h.q(`CREATE SEQUENCE accounting.payout_probe`);
    await h.q(`CREATE FUNCTION accounting.hang_on_third_payout() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF nextval('accounting.payout_probe') = 3 THEN PERFORM pg_sleep(60); END IF; RETURN NEW; END $$`);
    await h.q(`CREATE TRIGGER hang BEFORE INSERT ON accounting.entries FOR EACH ROW
      WHEN (NEW.kind = 'payout') EXECUTE FUNCTION accounting.hang_on_third_payout()`);
    const interrupted = h.billing.closeNow().then(
      () => 'closed',
      (error: Error) => error.message,
    );
    let killed = false;
    for (let i = 0; i < 100 && !killed; i++) {
      const [row] = await h.q<{ killed: boolean }>(
        `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event = 'PgSleep'`,
      );
      killed = row?.killed ?? false;
      if (!killed) await sleep(50);
    }
    expect(killed).toBe(true);
    expect(await interrupted).toMatch(/terminat/i);
    expect(await payoutCounts(h)).toEqual([]);
    expect(await balances(h)).toEqual(owed);
    expect((await h.cycles.list(10)).map((c) => c.status)).toEqual(['open']);
    expect(await h.published('PaymentMade')).toEqual([]);

    await h.q(`DROP TRIGGER hang ON accounting.entries`);
    const rerun = await h.billing.closeNow();
    const total = Object.values(owed).reduce((a, b) => a + b, 0);
    expect(rerun).toMatchObject({ payouts: 6, totalPaid: total });
    expect((await payoutCounts(h)).map((p) => [p.username, p.n, p.paid])).toEqual(
      popugs.map((p) => [p.username, 1, owed[p.username]]),
    );
    expect(await h.published('PaymentMade')).toHaveLength(6);
  });

  it('puts every entry that races with a close in exactly one cycle, and pays exactly what was posted before the cut', async () => {
    h = await accountingHarness();
    const popugs = Array.from({ length: 8 }, (_, i) => account(`racer${i}`));
    await h.feed(popugs.map((p) => envelope('AccountCreated', 1, p)));
    const waves = Array.from({ length: 4 }, (_, w) =>
      popugs.flatMap((p, i) => {
        const task = randomUUID();
        return [
          // An account update in the same transaction takes the account's row lock before the money moves.
          envelope('AccountUpdated', 1, { ...p, full_name: `racer ${i} wave ${w}`, version: 2 + w }),
          taskAdded(task, `wave ${w} task ${i}`, p.public_id),
          taskAssigned(task, p.public_id, 'created'),
          taskCompleted(task, p.public_id),
        ];
      }),
    );
    const h1 = h;
    let fed = 0;
    let closing: Promise<CloseResult> | undefined;
    await Promise.all(
      waves.map(async (events) => {
        for (let i = 0; i < events.length; i += 4) {
          await h1.feed(events.slice(i, i + 4)); // one task's events per transaction, each netting a profit
          if (++fed === 12) closing = h1.billing.closeNow(); // 12 of 32 in: close while the rest pours in
        }
      }),
    );
    const { cycleId } = await (closing as Promise<CloseResult>);

    // Every task nets its popug a profit, so every account is paid exactly what was posted before the cut …
    const perAccount = await h.q<{
      username: string;
      before_cut: number;
      after_cut: number;
      balance: number;
    }>(
      `SELECT a.username,
              coalesce(sum(e.credit - e.debit) FILTER (WHERE c.public_id = $1), 0)::int AS before_cut,
              coalesce(sum(e.credit - e.debit) FILTER (WHERE c.public_id <> $1), 0)::int AS after_cut,
              a.balance::int AS balance
         FROM accounting.accounts a
         JOIN accounting.entries e ON e.account_id = a.id
         JOIN accounting.billing_cycles c ON c.id = e.cycle_id
        GROUP BY a.id ORDER BY a.username`,
      [cycleId],
    );
    for (const row of perAccount) {
      expect(row.before_cut).toBe(0); // the payout equals the sum of the entries before the cut, to the cent
      expect(row.balance).toBe(row.after_cut);
    }
    const [paid] = await h.q<{ accounts: number }>(
      `SELECT count(*)::int AS accounts FROM accounting.payouts p JOIN accounting.billing_cycles c ON c.id = p.cycle_id
        WHERE c.public_id = $1`,
      [cycleId],
    );
    expect(paid.accounts).toBeGreaterThan(0);
    // … and no entry of the closed cycle is later than its close, none of the next one earlier.
    const [order] = await h.q<{ late: number; early: number; entries: number }>(
      `SELECT count(*) FILTER (WHERE c.status = 'closed' AND e.created_at > c.closed_at)::int AS late,
              count(*) FILTER (WHERE c.status = 'open' AND e.created_at < c.opened_at)::int AS early,
              count(*)::int AS entries
         FROM accounting.entries e JOIN accounting.billing_cycles c ON c.id = e.cycle_id`,
    );
    expect(order).toMatchObject({ late: 0, early: 0 });
    expect(perAccount.some((r) => r.before_cut !== 0 || r.after_cut !== 0)).toBe(true);
    const [split] = await h.q<{ cycles: number }>(
      `SELECT count(DISTINCT cycle_id)::int AS cycles FROM accounting.entries WHERE kind <> 'payout'`,
    );
    expect(split.cycles).toBe(2); // the race really happened: postings landed on both sides of the cut
    expect(order.entries).toBe(4 * 8 * 2 + paid.accounts);
    expect(await h.q(MISMATCHED_BALANCES)).toEqual([]);
  });

  it('lets a scheduler check with nothing due pass without waiting for postings in flight', async () => {
    h = await accountingHarness();
    await dayOfWork(h);
    const posting = h.db.createQueryRunner();
    await posting.connect();
    await posting.startTransaction();
    await new PostingGate().enterToPost(posting.manager); // a posting transaction that takes its time
    const check = h.billing.closeOverdue();
    const outcome = await Promise.race([check, sleep(2_000).then(() => 'blocked' as const)]);
    expect(outcome).toBeNull();
    await posting.commitTransaction();
    await posting.release();
  });

  it('refuses, in the database, an entry into a closed cycle and a second payout of an account in a cycle', async () => {
    h = await accountingHarness();
    await dayOfWork(h);
    const { cycleId } = await h.billing.closeNow();
    const [closed] = await h.q<{ id: string }>(
      `SELECT id FROM accounting.billing_cycles WHERE public_id = $1`,
      [cycleId],
    );
    const [rich] = await h.q<{ id: string }>(`SELECT id FROM accounting.accounts WHERE username = 'rich'`);
    await expect(
      h.q(
        `INSERT INTO accounting.entries (account_id, cycle_id, kind, debit, task_id, description)
         SELECT $1, $2, 'assignment_fee', 1000, id, 'late' FROM accounting.tasks LIMIT 1`,
        [rich.id, closed.id],
      ),
    ).rejects.toThrow(/is closed/);
    await expect(
      h.q(`INSERT INTO accounting.payouts (cycle_id, account_id, amount) VALUES ($1, $2, 100)`, [
        closed.id,
        rich.id,
      ]),
    ).rejects.toThrow(/payouts_cycle_id_account_id_key/);
  });
});
