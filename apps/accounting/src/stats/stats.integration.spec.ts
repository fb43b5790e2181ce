import { addDays } from '@ates/platform';
import { envelope } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import {
  account,
  AccountingHarness,
  accountingHarness,
  taskAdded,
  taskAssigned,
  taskCompleted,
} from '../testing/accounting-harness';
import { StatsQueries } from './stats.queries';

describe('day figures (integration, real PostgreSQL)', () => {
  let h: AccountingHarness;
  let stats: StatsQueries;
  // Fixed dates, whatever the day and hour the test runs: every entry is moved to noon UTC on 10 March.
  const today = '2026-03-10';

  beforeAll(async () => {
    h = await accountingHarness();
    stats = new StatsQueries(h.db);
    const [a, b] = [account('ann'), account('ben')];
    const [t1, t2, t3] = [randomUUID(), randomUUID(), randomUUID()];
    await h.feed([
      envelope('AccountCreated', 1, a),
      envelope('AccountCreated', 1, b),
      taskAdded(t1, 'one', a.public_id),
      taskAssigned(t1, a.public_id, 'created'),
      taskAssigned(t1, b.public_id, 'shuffle'),
      taskCompleted(t1, b.public_id),
      taskAdded(t2, 'two', a.public_id),
      taskAssigned(t2, a.public_id, 'created'),
      taskAdded(t3, 'three', b.public_id),
      taskAssigned(t3, b.public_id, 'created'),
      taskCompleted(t3, b.public_id),
    ]);
    await h.q(
      `UPDATE accounting.entries SET created_at = timestamptz '2026-03-10 12:00Z' + id * interval '1 second'`,
    );
  });
  afterAll(() => h.database.close());

  const sums = () =>
    h.q<{ fees: number; rewards: number }>(
      `SELECT coalesce(sum(debit) FILTER (WHERE kind = 'assignment_fee'), 0)::int AS fees,
              coalesce(sum(credit) FILTER (WHERE kind = 'completion_reward'), 0)::int AS rewards
         FROM accounting.entries`,
    );

  it('sums the day’s fees and rewards into management earnings, with a zero row for each quiet day', async () => {
    const [{ fees, rewards }] = await sums();
    const days = await stats.daily(addDays(today, -2), today, 'UTC');
    expect(days.map((d) => d.date)).toEqual([addDays(today, -2), addDays(today, -1), today]);
    expect(days.slice(0, 2).map((d) => [d.assignmentFees, d.completionRewards, d.payouts])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(days[2]).toEqual({
      date: today,
      managementEarnings: fees - rewards,
      assignmentFees: fees,
      completionRewards: rewards,
      payouts: 0,
      currency: 'USD',
    });
  });

  it('shows the payouts of the day’s closed cycles separately, without changing the earnings', async () => {
    const before = (await stats.daily(today, today, 'UTC'))[0];
    const closed = await h.billing.closeNow();
    expect(closed.totalPaid).toBeGreaterThan(0);
    await h.q(`UPDATE accounting.billing_cycles SET business_date = $1 WHERE public_id = $2`, [
      today,
      closed.cycleId,
    ]);
    const after = (await stats.daily(today, today, 'UTC'))[0];
    expect(after).toEqual({ ...before, payouts: closed.totalPaid });
  });

  it('counts days in the time zone asked for', async () => {
    // An entry posted at 23:30 UTC yesterday is today in Berlin (UTC+1 in winter, +2 in summer).
    const [{ id, debit }] = await h.q<{ id: string; debit: number }>(
      `SELECT min(id) AS id, min(debit)::int AS debit FROM accounting.entries
        WHERE id = (SELECT min(id) FROM accounting.entries WHERE kind = 'assignment_fee')`,
    );
    await h.q(
      `UPDATE accounting.entries SET created_at = (($1::date - 1) + time '23:30') AT TIME ZONE 'UTC' WHERE id = $2`,
      [today, id],
    );
    const utc = await stats.daily(addDays(today, -1), today, 'UTC');
    expect(utc[0].assignmentFees).toBe(debit);
    const berlin = await stats.daily(addDays(today, -1), today, 'Europe/Berlin');
    expect(berlin[0].assignmentFees).toBe(0);
    expect(berlin[1].assignmentFees).toBe(utc[1].assignmentFees + debit);
  });
});
