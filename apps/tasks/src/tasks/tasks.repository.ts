import type { TaskStatus } from '@ates/contracts';
import { col, queryOne, queryRows, rowOf } from '@ates/database';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Addressee } from '../notifications/assignment-notice.rules';
import { ELIGIBLE_ROLES } from './assignment.rules';
import { TaskEntity } from './task.entity';
import { taskColumns, taskRow } from './task.row';

export interface NewTask {
  title: string;
  jiraId: string | null;
  description: string;
  createdBy: string;
}

const address = rowOf('assignee address', {
  email: col.nullable(col.text),
  fullName: col.nullable(col.text),
});
const created = (row: unknown) => ({ task: taskRow(row), ...address(row) });
const completion = rowOf('completion state', {
  assigneeId: col.text,
  status: col.oneOf('open', 'done'),
});

/** tasks.tasks, read and written in SQL only, its rows read through `taskRow` (ADR 0017). */
@Injectable()
export class TasksRepository {
  /**
   * Inserts a task assigned to the eligible account at `pick` (0 ≤ pick < 1) of them ordered by public id, as
   * `pickAssignee` would choose it, in one statement; with the assignee's address for the notice. Undefined when
   * nobody is eligible.
   */
  async insertAssigned(
    tx: EntityManager,
    task: NewTask,
    pick: number,
  ): Promise<{ task: TaskEntity; addressee: Addressee | null } | undefined> {
    const row = await queryOne(
      tx,
      created,
      `WITH eligible AS (
         SELECT public_id, email, full_name, row_number() OVER (ORDER BY public_id) - 1 AS n, count(*) OVER () AS total
           FROM tasks.accounts WHERE active AND role = ANY($5::text[])
       ), assignee AS (
         SELECT public_id, email, full_name FROM eligible WHERE n = floor($6::float8 * total)
       ), t AS (
         INSERT INTO tasks.tasks (title, jira_id, description, assignee_id, created_by)
         SELECT $1, $2, $3, public_id, $4 FROM assignee RETURNING *
       )
       SELECT ${taskColumns('t')}, assignee.email, assignee.full_name AS "fullName"
         FROM t JOIN assignee ON assignee.public_id = t.assignee_id`,
      [task.title, task.jiraId, task.description, task.createdBy, ELIGIBLE_ROLES, pick],
    );
    if (!row) return undefined;
    return {
      task: row.task,
      addressee: row.email === null ? null : { email: row.email, fullName: row.fullName },
    };
  }

  /** Completes the task if it is open and `assigneeId`'s; undefined otherwise (see `completionState`). */
  completeIfAssignee(
    tx: EntityManager,
    publicId: string,
    assigneeId: string,
  ): Promise<TaskEntity | undefined> {
    return queryOne(
      tx,
      taskRow,
      `UPDATE tasks.tasks t SET status = 'done', completed_at = now(), version = t.version + 1
        WHERE t.public_id = $1 AND t.assignee_id = $2 AND t.status = 'open'
        RETURNING ${taskColumns('t')}`,
      [publicId, assigneeId],
    );
  }

  /** Who holds the task and whether it is done: why `completeIfAssignee` did not complete it. */
  completionState(
    tx: EntityManager,
    publicId: string,
  ): Promise<{ assigneeId: string; status: TaskStatus } | undefined> {
    return queryOne(
      tx,
      completion,
      `SELECT assignee_id AS "assigneeId", status FROM tasks.tasks WHERE public_id = $1`,
      [publicId],
    );
  }

  /** Ids of the open tasks, locked until the transaction ends. */
  async lockOpen(tx: EntityManager): Promise<string[]> {
    const rows = await queryRows(
      tx,
      rowOf('open task', { id: col.text }),
      `SELECT id FROM tasks.tasks WHERE status = 'open' ORDER BY id FOR UPDATE`,
    );
    return rows.map((r) => r.id);
  }

  /** Gives each task `ids[i]` to `assignees[i]`, in one statement; the tasks in id order. */
  async reassign(tx: EntityManager, ids: string[], assignees: string[]): Promise<TaskEntity[]> {
    const tasks = await queryRows(
      tx,
      taskRow,
      `UPDATE tasks.tasks t SET assignee_id = u.assignee_id, version = t.version + 1
         FROM unnest($1::bigint[], $2::uuid[]) AS u(id, assignee_id)
        WHERE t.id = u.id RETURNING ${taskColumns('t')}`,
      [ids, assignees],
    );
    return tasks.sort((a, b) => Number(a.id) - Number(b.id));
  }

  find(db: EntityManager, publicId: string): Promise<TaskEntity | undefined> {
    return queryOne(db, taskRow, `SELECT ${taskColumns('t')} FROM tasks.tasks t WHERE t.public_id = $1`, [
      publicId,
    ]);
  }

  /** Newest first. */
  list(
    db: EntityManager,
    filter: { status?: TaskStatus; assigneeId?: string; limit: number },
  ): Promise<TaskEntity[]> {
    return queryRows(
      db,
      taskRow,
      `SELECT ${taskColumns('t')} FROM tasks.tasks t
        WHERE ($1::text IS NULL OR t.status = $1) AND ($2::uuid IS NULL OR t.assignee_id = $2)
        ORDER BY t.id DESC LIMIT $3`,
      [filter.status ?? null, filter.assigneeId ?? null, filter.limit],
    );
  }
}
