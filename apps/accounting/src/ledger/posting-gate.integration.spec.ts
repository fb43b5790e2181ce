import { envelope, eventually } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  account,
  AccountingHarness,
  accountingHarness,
  MISMATCHED_BALANCES,
  taskAdded,
  taskAssigned,
  taskCompleted,
} from '../testing/accounting-harness';

/**
 * The posting gate (docs/adr/0007), deterministically: a transaction is held open at a chosen point by a trigger
 * that waits on a lock the test holds — right after a balance changed — so a close and a posting overlap for sure,
 * and what waits for what is read from pg_stat_activity, not guessed from timing.
 */
const HOLD = `hashtext('gate-test'), hashtext('hold')`;

/** Every balance change waits for the test's hold (once released, the trigger takes it and lets go at commit). */
const HOLD_TRIGGER = [
  `CREATE FUNCTION accounting.test_hold() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN PERFORM pg_advisory_xact_lock(${HOLD}); RETURN NEW; END $$`,
  `CREATE TRIGGER test_hold AFTER UPDATE OF balance ON accounting.accounts
     FOR EACH ROW WHEN (OLD.balance IS DISTINCT FROM NEW.balance) EXECUTE FUNCTION accounting.test_hold()`,
];

describe('the posting gate (integration, real PostgreSQL, no timing)', () => {
  let h: AccountingHarness | undefined;
  let hold: Client | undefined;
  afterEach(async () => {
    await hold?.end();
    hold = undefined;
    await h?.database.close();
    h = undefined;
  });

  /**
   * Two popugs in the black ($10 fees, $30 rewards, set right after pricing): early has done one task and holds
   * another (+$10), late has done one (+$20); then the test's hold is taken.
   */
  async function setUp() {
    h = await accountingHarness();
    const [early, late] = ['early', 'late'].map(account);
    const tasks = [randomUUID(), randomUUID(), randomUUID()];
    const owners = [early, late, early];
    await h.feed([
      ...[early, late].map((a) => envelope('AccountCreated', 1, a)),
      ...tasks.map((t, i) => taskAdded(t, `Task ${i}`, owners[i].public_id)),
    ]);
    await h.q(`UPDATE accounting.tasks SET assignment_fee = 1000, completion_reward = 3000`);
    await h.feed([
      ...tasks.map((t, i) => taskAssigned(t, owners[i].public_id, 'created')),
      ...tasks.slice(0, 2).map((t, i) => taskCompleted(t, owners[i].public_id)),
    ]);
    expect({ early: await balanceOf('early'), late: await balanceOf('late') }).toEqual({
      early: 1000,
      late: 2000,
    });
    for (const sql of HOLD_TRIGGER) await h.db.query(sql);
    hold = new Client({ connectionString: h.database.db.url });
    await hold.connect();
    await hold.query(`SELECT pg_advisory_lock(${HOLD})`);
    return { early, late, held: tasks[2] };
  }

  /** accounting's sessions waiting on an advisory lock, by what they run: the gate's or the hold's. */
  const waiting = async () => {
    const rows = await h!.q<{ query: string }>(
      `SELECT query FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
    );
    return {
      atTheGate: rows.filter((r) => /pg_advisory_xact_lock(_shared)?\(/.test(r.query)).length,
      holding: rows.filter((r) => /accounting\.accounts/.test(r.query)).length,
    };
  };
  const balanceOf = async (username: string) =>
    Number(
      (await h!.q(`SELECT balance FROM accounting.accounts WHERE username = $1`, [username]))[0].balance,
    );
  const cycleOfReward = async (taskId: string) =>
    (
      await h!.q(
        `SELECT c.status FROM accounting.entries e JOIN accounting.tasks t ON t.id = e.task_id
           JOIN accounting.billing_cycles c ON c.id = e.cycle_id
          WHERE t.public_id = $1 AND e.kind = 'completion_reward'`,
        [taskId],
      )
    ).map((r) => r.status);

  it('makes a close wait for a posting in flight, and pays what that posting added', async () => {
    const { early, held } = await setUp();
    const before = await balanceOf('early');
    // The posting enters the gate, credits the reward, and is held open right after touching the balance.
    const posting = h!.feed([taskCompleted(held, early.public_id)]);
    await eventually(async () => expect(await waiting()).toEqual({ atTheGate: 0, holding: 1 }));
    let closed = false;
    const closing = h!.billing.closeNow().finally(() => (closed = true));
    // The close waits at the gate for the posting, not somewhere further on.
    await eventually(async () => expect(await waiting()).toEqual({ atTheGate: 1, holding: 1 }));
    expect(closed).toBe(false);
    await hold!.query(`SELECT pg_advisory_unlock(${HOLD})`);
    await posting;
    const close = await closing;
    const reward = 3000;
    const paid = await h!.q(
      `SELECT a.username, p.amount::int AS amount FROM accounting.payouts p
         JOIN accounting.accounts a ON a.id = p.account_id WHERE a.username = 'early'`,
    );
    expect(paid).toEqual([{ username: 'early', amount: before + reward }]); // the held reward is in the payout
    expect(close.payouts).toBe(2);
    expect(await cycleOfReward(held)).toEqual(['closed']);
    expect(await balanceOf('early')).toBe(0);
    expect(await h!.q(MISMATCHED_BALANCES)).toEqual([]);
  }, 30_000);

  it('makes a posting that arrives during a close wait for it, and lands it in the next cycle', async () => {
    const { early, held } = await setUp();
    // The close enters the gate and starts paying; it is held open right after the first payout's debit.
    let closed = false;
    const closing = h!.billing.closeNow().finally(() => (closed = true));
    await eventually(async () => expect(await waiting()).toEqual({ atTheGate: 0, holding: 1 }));
    const posting = h!.feed([taskCompleted(held, early.public_id)]);
    // The posting waits at the gate for the close.
    await eventually(async () => expect(await waiting()).toEqual({ atTheGate: 1, holding: 1 }));
    expect(closed).toBe(false);
    await hold!.query(`SELECT pg_advisory_unlock(${HOLD})`);
    const close = await closing;
    await posting;
    expect(close).toMatchObject({ payouts: 2, totalPaid: 1000 + 2000 }); // without the held reward
    expect(await cycleOfReward(held)).toEqual(['open']);
    expect(await balanceOf('early')).toBe(3000); // paid to zero at the cut, then the $30 reward in the new cycle
    expect(await h!.q(MISMATCHED_BALANCES)).toEqual([]);
  }, 30_000);
});
