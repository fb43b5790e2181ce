import type { TaskStatus } from '@ates/contracts';
import { OutboxWriter } from '@ates/messaging';
import { conflict, forbidden, notFound } from '@ates/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccountReplicaRepository } from '../accounts/account-replica.repository';
import { AssignmentNotifier } from '../notifications/assignment-notifier';
import { pickAssignee, Random, shuffleAssignments } from './assignment.rules';
import { TaskEntity } from './task.entity';
import { taskAdded, taskAssigned, taskCompleted, taskCreated, taskUpdated } from './task-events';
import { TASK_COLUMNS, TASK_COLUMNS_T, TaskRow, toTask } from './task.row';

export interface NewTask {
  title: string;
  jiraId: string | null;
  description: string;
  createdBy: string;
}

export interface TaskFilter {
  status?: TaskStatus;
  assigneeId?: string;
  limit: number;
}

const NOBODY_ELIGIBLE = 'No active worker or accountant to assign the task to';

/** Task tracker rules (SPEC §2); every change commits with its events (outbox). */
@Injectable()
export class TasksService {
  random: Random = Math.random;

  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly accounts: AccountReplicaRepository,
    private readonly notifier: AssignmentNotifier,
  ) {}

  create(input: NewTask): Promise<TaskEntity> {
    return this.db.transaction(async (tx) => {
      const eligible = await this.accounts.eligible(tx);
      if (eligible.length === 0) throw conflict(NOBODY_ELIGIBLE);
      const [row]: TaskRow[] = await tx.query(
        `INSERT INTO tasks.tasks (title, jira_id, description, assignee_id, created_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING ${TASK_COLUMNS}`,
        [input.title, input.jiraId, input.description, pickAssignee(eligible, this.random), input.createdBy],
      );
      const task = toTask(row);
      await this.outbox.append(tx, [
        taskCreated(task),
        taskAdded(task),
        taskAssigned(task, 'created', null, task.createdAt),
      ]);
      await this.notifier.notify(tx, [task], { reason: 'created' });
      return task;
    });
  }

  complete(publicId: string, callerId: string): Promise<TaskEntity> {
    return this.db.transaction(async (tx) => {
      const task = await this.lock(tx, publicId);
      if (task.assigneeId !== callerId) throw forbidden('Only the assignee can complete this task');
      if (task.status === 'done') throw conflict('The task is already done');
      const [[row]]: [TaskRow[], number] = await tx.query(
        `UPDATE tasks.tasks SET status = 'done', completed_at = now(), version = version + 1
          WHERE id = $1 RETURNING ${TASK_COLUMNS}`,
        [task.id],
      );
      const done = toTask(row);
      await this.outbox.append(tx, [taskUpdated(done), taskCompleted(done)]);
      return done;
    });
  }

  /**
   * Reassigns every open task, each uniformly at random among the eligible accounts, in one transaction
   * and a constant number of statements (lock, update from arrays, one outbox insert).
   */
  shuffle(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const open: { id: string }[] = await tx.query(
        `SELECT id FROM tasks.tasks WHERE status = 'open' ORDER BY id FOR UPDATE`,
      );
      if (open.length === 0) return 0;
      const eligible = await this.accounts.eligible(tx);
      if (eligible.length === 0) throw conflict(NOBODY_ELIGIBLE);
      const ids = open.map((r) => r.id);
      const [rows]: [TaskRow[], number] = await tx.query(
        `UPDATE tasks.tasks t SET assignee_id = u.assignee_id, version = t.version + 1
           FROM unnest($1::bigint[], $2::uuid[]) AS u(id, assignee_id)
          WHERE t.id = u.id RETURNING ${TASK_COLUMNS_T}`,
        [ids, shuffleAssignments(ids, eligible, this.random)],
      );
      const shuffleId = randomUUID();
      const at = new Date();
      const tasks = rows.map(toTask).sort((a, b) => Number(a.id) - Number(b.id));
      await this.outbox.append(
        tx,
        tasks.flatMap((task) => [taskUpdated(task), taskAssigned(task, 'shuffle', shuffleId, at)]),
      );
      await this.notifier.notify(tx, tasks, { reason: 'shuffle', shuffleId });
      return tasks.length;
    });
  }

  async get(publicId: string): Promise<TaskEntity> {
    const task = await this.db.getRepository(TaskEntity).findOneBy({ publicId });
    if (!task) throw notFound('Task');
    return task;
  }

  list(filter: TaskFilter): Promise<TaskEntity[]> {
    return this.db.getRepository(TaskEntity).find({
      where: { status: filter.status, assigneeId: filter.assigneeId },
      order: { id: 'DESC' },
      take: filter.limit,
    });
  }

  private async lock(tx: EntityManager, publicId: string): Promise<TaskEntity> {
    const [row]: TaskRow[] = await tx.query(
      `SELECT ${TASK_COLUMNS} FROM tasks.tasks WHERE public_id = $1 FOR UPDATE`,
      [publicId],
    );
    if (!row) throw notFound('Task');
    return toTask(row);
  }
}
