import { eventually } from '@ates/testing';
import { Api, Reply, signUp } from '../client';
import type { Stack } from '../stack';
import type { Expected } from '../tools';

/** The popugs a workload acts as. */
export interface Crew {
  stack: Stack;
  admin: Api;
  manager: Api;
  workers: Map<string, Api>;
}

/** Everything the workloads of this run did, as minimums for the audit (the database accumulates). */
export const totals: Required<Expected> = { assignments: 0, completions: 0, payouts: 0, cycles: 0 };

/** Replies the workload got while a service restarted: 503 (not reached) and 502 (connection lost). */
export const interrupted = { 503: 0, 502: 0 };

export async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A request as a careful client sends it while a service restarts: after a 503 (the gateway could not reach the
 * service, nothing was sent) it sends again; after a 502 (the service went away mid-request, the outcome is
 * unknown) it first asks `tookEffect` whether the request happened.
 */
export async function send(
  call: () => Promise<Reply>,
  tookEffect?: () => Promise<Reply | null>,
): Promise<Reply> {
  for (let attempt = 1; attempt < 240; attempt++) {
    const reply = await call();
    if (reply.status !== 503 && reply.status !== 502) return reply;
    interrupted[reply.status]++;
    await pause(250);
    const effect = reply.status === 502 && tookEffect ? await tookEffect() : null;
    if (effect) return effect;
  }
  return call();
}

/**
 * Closes the open billing cycle (an admin's close), through whatever fault is active: a close that answers counts
 * its payouts; one lost to a 502 may have happened too, which only adds to what the audit finds.
 */
export async function closeCycle(crew: Crew): Promise<number> {
  const reply = await send(() => crew.admin.post('/accounting/billing-cycles/close'));
  expect(reply.status).toBe(200);
  totals.cycles++;
  totals.payouts += reply.body.payouts;
  return reply.body.payouts;
}

/**
 * 350 creations (×3 events), 200 completions (×2), a close of the billing cycle (its payouts), a shuffle (×2 per
 * open task), 100 creations: > 2,000 events. With `restarts`, tasks' requests go through `send`; without it, any
 * other reply than the expected one fails the test.
 */
export async function workload(crew: Crew, tag: string, { restarts = false } = {}): Promise<number> {
  const { admin, manager, workers, stack } = crew;
  const attempt = (call: () => Promise<Reply>, tookEffect?: () => Promise<Reply | null>) =>
    restarts ? send(call, tookEffect) : call();
  const created: { id: string; assigneeId: string }[] = [];
  const create = async (i: number) => {
    const title = `${tag} ${i}`;
    const reply = await attempt(
      () => admin.post('/tasks', { title, jiraId: i % 4 === 0 ? `CHAOS-${i}` : undefined }),
      async () => {
        const { rows } = await stack.query(`SELECT public_id FROM tasks.tasks WHERE title = $1`, [title]);
        return rows.length ? { ...(await admin.get(`/tasks/${rows[0].public_id}`)), status: 201 } : null;
      },
    );
    expect(reply.status).toBe(201);
    created.push(reply.body);
    totals.assignments++;
  };
  await pool([...Array(350).keys()], 4, create);
  await pool(created.slice(0, 200), 4, async (t) => {
    const reply = await attempt(
      () => workers.get(t.assigneeId)!.post(`/tasks/${t.id}/complete`),
      async () => {
        const task = await admin.get(`/tasks/${t.id}`);
        return task.body.status === 'done' ? { ...task, status: 200 } : null;
      },
    );
    expect(reply.status).toBe(200);
    totals.completions++;
  });
  await closeCycle(crew);
  const shuffle = await attempt(() => manager.post('/tasks/shuffle')); // after a 502: one more shuffle, harmless
  expect(shuffle.status).toBe(200);
  totals.assignments += shuffle.body.reassigned;
  await pool(
    [...Array(100).keys()].map((i) => 350 + i),
    4,
    create,
  );
  const events = 350 * 3 + 200 * 2 + shuffle.body.reassigned * 2 + 100 * 3;
  expect(events).toBeGreaterThanOrEqual(2_000);
  return events;
}

/**
 * A popug with money to be paid at the next close, for sure: signed up, given tasks until one of them earned a
 * positive balance (reward ≥ fee for any task), then made a manager, who is never assigned again. The workloads
 * alone leave every worker in the red (a shuffle charges the open tasks again), and a close would pay nobody.
 */
export async function payee(crew: Crew, name: string): Promise<void> {
  const { stack, admin } = crew;
  const { id, api: popug } = await signUp(new Api(stack.gateway), name);
  const balance = async () => ((await admin.get(`/accounting/accounts/${id}`)).body?.balance ?? 0) as number;
  for (let earned = 0; earned <= 0;) {
    const task = await eventually(
      async () => {
        const reply = await admin.post('/tasks', { title: `For ${name}` });
        expect(reply.status).toBe(201);
        totals.assignments++;
        expect(reply.body.assigneeId).toBe(id);
        return reply.body as { id: string };
      },
      { timeoutMs: 60_000, intervalMs: 10 },
    );
    expect((await popug.post(`/tasks/${task.id}/complete`)).status).toBe(200);
    totals.completions++;
    // Applied: the reward is in (a reward equal to the fee leaves 0, and another task is needed).
    earned = await eventually(
      async () => {
        const { rows } = await stack.query(
          `SELECT count(*)::int AS n FROM accounting.entries e JOIN accounting.tasks t ON t.id = e.task_id
            WHERE t.public_id = $1 AND e.kind = 'completion_reward'`,
          [task.id],
        );
        expect(rows[0].n).toBe(1);
        return balance();
      },
      { timeoutMs: 60_000 },
    );
  }
  expect((await admin.patch(`/auth/accounts/${id}`, { role: 'manager' })).status).toBe(200);
  await eventually(async () => {
    const { rows } = await stack.query(`SELECT role FROM tasks.accounts WHERE public_id = $1`, [id]);
    expect(rows).toEqual([{ role: 'manager' }]);
  });
  await eventually(async () => expect(await balance()).toBeGreaterThan(0), { timeoutMs: 60_000 });
}
