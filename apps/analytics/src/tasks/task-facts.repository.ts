import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TIME_ZONE } from '../analytics.tokens';

export interface TaskDetails {
  title: string;
  jiraId: string | null;
  /** 0 for TaskAdded (fills in only while nothing is known); the CUD version otherwise (newer wins). */
  version: number;
}

/** The daily top spots recomputed from the tasks: the same order as `compete` (rebuilds, benchmarks). */
export const rebuildDailyTopSql = `
  INSERT INTO analytics.daily_top_tasks (business_date, task_id, reward, completed_at)
  SELECT DISTINCT ON ((completed_at AT TIME ZONE $1)::date)
         (completed_at AT TIME ZONE $1)::date, public_id, reward, completed_at
    FROM analytics.tasks
   WHERE reward IS NOT NULL AND completed_at IS NOT NULL
   ORDER BY (completed_at AT TIME ZONE $1)::date, reward DESC, completed_at, public_id`;

/**
 * What analytics knows of each task, whatever order the facts arrive in: details (newest version wins), the
 * reward (fixed once, from TaskPriced) and the completion (once). As soon as a task has both a reward and a
 * completion it competes for its business day's top spot; the comparison is a max, so replays change nothing.
 */
@Injectable()
export class TaskFactsRepository {
  constructor(@Inject(TIME_ZONE) private readonly timeZone: string) {}

  async details(tx: EntityManager, taskId: string, d: TaskDetails): Promise<void> {
    await tx.query(
      `INSERT INTO analytics.tasks AS t (public_id, title, jira_id, version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (public_id) DO UPDATE SET title = EXCLUDED.title, jira_id = EXCLUDED.jira_id, version = EXCLUDED.version
       WHERE t.title IS NULL OR t.version < EXCLUDED.version`,
      [taskId, d.title, d.jiraId, d.version],
    );
  }

  async priced(tx: EntityManager, taskId: string, reward: number): Promise<void> {
    await tx.query(
      `INSERT INTO analytics.tasks AS t (public_id, reward) VALUES ($1, $2)
       ON CONFLICT (public_id) DO UPDATE SET reward = EXCLUDED.reward WHERE t.reward IS NULL`,
      [taskId, reward],
    );
    await this.compete(tx, taskId);
  }

  async completed(tx: EntityManager, taskId: string, completedAt: string): Promise<void> {
    await tx.query(
      `INSERT INTO analytics.tasks AS t (public_id, completed_at) VALUES ($1, $2)
       ON CONFLICT (public_id) DO UPDATE SET completed_at = EXCLUDED.completed_at WHERE t.completed_at IS NULL`,
      [taskId, completedAt],
    );
    await this.compete(tx, taskId);
  }

  /** Recomputes every day's top task from scratch, e.g. after ATES_TIMEZONE changed. */
  async rebuildDailyTop(tx: EntityManager): Promise<void> {
    await tx.query(`DELETE FROM analytics.daily_top_tasks`);
    await tx.query(rebuildDailyTopSql, [this.timeZone]);
  }

  /** Higher reward wins; on equal rewards the earlier completion, then the smaller id (see figures.rules.ts). */
  private async compete(tx: EntityManager, taskId: string): Promise<void> {
    await tx.query(
      `INSERT INTO analytics.daily_top_tasks AS d (business_date, task_id, reward, completed_at)
       SELECT (completed_at AT TIME ZONE $2)::date, public_id, reward, completed_at
         FROM analytics.tasks WHERE public_id = $1 AND reward IS NOT NULL AND completed_at IS NOT NULL
       ON CONFLICT (business_date) DO UPDATE
         SET task_id = EXCLUDED.task_id, reward = EXCLUDED.reward, completed_at = EXCLUDED.completed_at
       WHERE (EXCLUDED.reward, d.completed_at, d.task_id) > (d.reward, EXCLUDED.completed_at, EXCLUDED.task_id)`,
      [taskId, this.timeZone],
    );
  }
}
