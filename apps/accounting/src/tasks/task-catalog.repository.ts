import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { priceTask } from './pricing.rules';

export interface TaskDetails {
  title: string;
  jiraId: string | null;
  description: string;
  /** CUD version; 0 for details from a business event (fills in only what is still unknown). */
  version: number;
}

export interface PricedTask {
  id: string;
  publicId: string;
  assignmentFee: number;
  completionReward: number;
  title: string | null;
  jiraId: string | null;
  /** True when this call priced the task (first sight): TaskPriced must be announced. */
  priced: boolean;
}

/**
 * Accounting's tasks. Whatever event about a task arrives first prices it (SPEC §3.4: fixed once, never
 * changed); details arrive with the CUD events and a newer version wins.
 */
@Injectable()
export class TaskCatalogRepository {
  random: () => number = Math.random;

  async upsert(tx: EntityManager, publicId: string, details: TaskDetails | null): Promise<PricedTask> {
    const prices = priceTask(this.random);
    const [row]: {
      id: string;
      assignment_fee: string;
      completion_reward: string;
      title: string | null;
      jira_id: string | null;
      priced: boolean;
    }[] = await tx.query(
      // One statement that always returns the row (no lost race between replicas): prices are set only by the
      // insert; details are overwritten only by a newer CUD version or when still unknown.
      `WITH existing AS (SELECT 1 FROM accounting.tasks WHERE public_id = $1)
       INSERT INTO accounting.tasks AS t (public_id, title, jira_id, description, version, assignment_fee, completion_reward)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (public_id) DO UPDATE SET
         title       = CASE WHEN $8::boolean AND (t.version < EXCLUDED.version OR t.title IS NULL) THEN EXCLUDED.title ELSE t.title END,
         jira_id     = CASE WHEN $8::boolean AND (t.version < EXCLUDED.version OR t.title IS NULL) THEN EXCLUDED.jira_id ELSE t.jira_id END,
         description = CASE WHEN $8::boolean AND (t.version < EXCLUDED.version OR t.title IS NULL) THEN EXCLUDED.description ELSE t.description END,
         version     = GREATEST(t.version, CASE WHEN $8::boolean THEN EXCLUDED.version ELSE 0 END)
       RETURNING id, assignment_fee, completion_reward, title, jira_id,
                 (xmax = 0 AND NOT EXISTS (SELECT 1 FROM existing)) AS priced`,
      [
        publicId,
        details?.title ?? null,
        details?.jiraId ?? null,
        details?.description ?? null,
        details?.version ?? 0,
        prices.assignmentFee,
        prices.completionReward,
        details !== null,
      ],
    );
    return {
      id: row.id,
      publicId,
      assignmentFee: Number(row.assignment_fee),
      completionReward: Number(row.completion_reward),
      title: row.title,
      jiraId: row.jira_id,
      priced: row.priced,
    };
  }
}
