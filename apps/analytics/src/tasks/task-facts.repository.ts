import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TIME_ZONE } from '../analytics.tokens';
import type { TaskFacts } from './task-facts.rules';

/** The best task of each business day among the tasks `where` selects, in the order `figures.rules.ts` ranks. */
const topOfDaysSql = (where: string) => `
  SELECT DISTINCT ON ((completed_at AT TIME ZONE $1)::date)
         (completed_at AT TIME ZONE $1)::date, public_id, reward, completed_at
    FROM analytics.tasks
   WHERE reward IS NOT NULL AND completed_at IS NOT NULL AND ${where}
   ORDER BY (completed_at AT TIME ZONE $1)::date, reward DESC, completed_at, public_id`;

/** The daily top spots recomputed from the tasks: the same order as `compete` (rebuilds, benchmarks). */
export const rebuildDailyTopSql = `
  INSERT INTO analytics.daily_top_tasks (business_date, task_id, reward, completed_at) ${topOfDaysSql('true')}`;

/** Set only by details newer than those held (or while none are held). */
const newerDetails = `EXCLUDED.title IS NOT NULL AND (t.title IS NULL OR t.version < EXCLUDED.version)`;

/**
 * What analytics knows of each task, whatever order the facts arrive in: details (newest version wins), the
 * reward (fixed once, from TaskPriced) and the completion (once). As soon as a task has both a reward and a
 * completion it competes for its business day's top spot; the comparison is a max, so replays change nothing.
 */
@Injectable()
export class TaskFactsRepository {
  constructor(@Inject(TIME_ZONE) private readonly timeZone: string) {}

  /** Records many tasks' facts in one statement (one entry per task, lower-cased ids). */
  async upsertMany(tx: EntityManager, tasks: ReadonlyMap<string, TaskFacts>): Promise<void> {
    const sorted = [...tasks].sort(([a], [b]) => (a < b ? -1 : 1)); // one lock order for concurrent chunks
    const facts = sorted.map(([, f]) => f);
    await tx.query(
      `INSERT INTO analytics.tasks AS t (public_id, title, jira_id, version, reward, completed_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::bigint[], $6::timestamptz[])
       ON CONFLICT (public_id) DO UPDATE SET
         title        = CASE WHEN ${newerDetails} THEN EXCLUDED.title ELSE t.title END,
         jira_id      = CASE WHEN ${newerDetails} THEN EXCLUDED.jira_id ELSE t.jira_id END,
         version      = CASE WHEN ${newerDetails} THEN EXCLUDED.version ELSE t.version END,
         reward       = coalesce(t.reward, EXCLUDED.reward),
         completed_at = coalesce(t.completed_at, EXCLUDED.completed_at)`,
      [
        sorted.map(([id]) => id),
        facts.map((f) => f.details?.title ?? null),
        facts.map((f) => f.details?.jiraId ?? null),
        facts.map((f) => f.details?.version ?? 0),
        facts.map((f) => f.reward),
        facts.map((f) => f.completedAt),
      ],
    );
  }

  /** Higher reward wins; on equal rewards the earlier completion, then the smaller id (see figures.rules.ts). */
  async compete(tx: EntityManager, taskIds: readonly string[]): Promise<void> {
    if (taskIds.length === 0) return;
    await tx.query(
      `INSERT INTO analytics.daily_top_tasks AS d (business_date, task_id, reward, completed_at)
       ${topOfDaysSql('public_id = ANY($2::uuid[])')}
       ON CONFLICT (business_date) DO UPDATE
         SET task_id = EXCLUDED.task_id, reward = EXCLUDED.reward, completed_at = EXCLUDED.completed_at
       WHERE (EXCLUDED.reward, d.completed_at, d.task_id) > (d.reward, EXCLUDED.completed_at, EXCLUDED.task_id)`,
      [this.timeZone, taskIds],
    );
  }

  /** Recomputes every day's top task from scratch, e.g. after ATES_TIMEZONE changed. */
  async rebuildDailyTop(tx: EntityManager): Promise<void> {
    await tx.query(`DELETE FROM analytics.daily_top_tasks`);
    await tx.query(rebuildDailyTopSql, [this.timeZone]);
  }
}
