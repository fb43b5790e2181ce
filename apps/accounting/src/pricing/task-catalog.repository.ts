import { col, queryRows, rowOf } from '@ates/database';
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

const PRICED = rowOf<PricedTask>('priced task', {
  id: col.text,
  publicId: col.text,
  assignmentFee: col.int,
  completionReward: col.int,
  title: col.nullable(col.text),
  jiraId: col.nullable(col.text),
  priced: col.bool,
});

/**
 * Accounting's tasks. Whatever event about a task arrives first prices it (SPEC §3.4: fixed once, never
 * changed); details arrive with the CUD events and a newer version wins.
 */
@Injectable()
export class TaskCatalogRepository {
  random: () => number = Math.random;

  /**
   * Records many tasks in one statement, each with the details a chunk holds for it (null: none), pricing the
   * ones seen for the first time. Returns every row by public id. One task once in `tasks` (the caller merges).
   */
  async upsertMany(
    tx: EntityManager,
    tasks: ReadonlyMap<string, TaskDetails | null>,
  ): Promise<Map<string, PricedTask>> {
    // Sorted: concurrent chunks lock the rows in one order (no deadlock between them).
    const ids = [...tasks.keys()].sort();
    const details = ids.map((id) => tasks.get(id) ?? null);
    const prices = ids.map(() => priceTask(this.random));
    const rows = await queryRows(
      tx,
      PRICED,
      // Always returns every row (no lost race between replicas): prices are set only by the insert; details
      // (a non-null title) overwrite only from a newer CUD version or when still unknown. "existing" tells a
      // first sight from a row this transaction inserted before (its xmax is 0 too).
      `WITH existing AS (SELECT public_id FROM accounting.tasks WHERE public_id = ANY($1::uuid[]))
       INSERT INTO accounting.tasks AS t (public_id, title, jira_id, description, version, assignment_fee, completion_reward)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::bigint[])
       ON CONFLICT (public_id) DO UPDATE SET
         title       = CASE WHEN EXCLUDED.title IS NOT NULL AND (t.version < EXCLUDED.version OR t.title IS NULL) THEN EXCLUDED.title ELSE t.title END,
         jira_id     = CASE WHEN EXCLUDED.title IS NOT NULL AND (t.version < EXCLUDED.version OR t.title IS NULL) THEN EXCLUDED.jira_id ELSE t.jira_id END,
         description = CASE WHEN EXCLUDED.title IS NOT NULL AND (t.version < EXCLUDED.version OR t.title IS NULL) THEN EXCLUDED.description ELSE t.description END,
         version     = GREATEST(t.version, EXCLUDED.version)
       RETURNING id, public_id AS "publicId", assignment_fee AS "assignmentFee",
                 completion_reward AS "completionReward", title, jira_id AS "jiraId",
                 (xmax = 0 AND t.public_id NOT IN (SELECT public_id FROM existing)) AS priced`,
      [
        ids,
        details.map((d) => d?.title ?? null),
        details.map((d) => d?.jiraId ?? null),
        details.map((d) => d?.description ?? null),
        details.map((d) => d?.version ?? 0),
        prices.map((p) => p.assignmentFee),
        prices.map((p) => p.completionReward),
      ],
    );
    return new Map(rows.map((row) => [row.publicId, row]));
  }
}
