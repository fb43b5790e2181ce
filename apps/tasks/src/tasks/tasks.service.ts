import type { TaskStatus } from '@ates/contracts';
import { OutboxWriter } from '@ates/messaging';
import { conflict, notFound } from '@ates/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccountReplicaRepository } from '../accounts/account-replica.repository';
import type { Addressee } from '../notifications/assignment-notice.rules';
import { AssignmentNotifier } from '../notifications/assignment-notifier';
import { Random, shuffleAssignments } from './assignment.rules';
import { completionRefusal } from './completion.rules';
import { TaskEntity } from './task.entity';
import { taskAdded, taskAssigned, taskCompleted, taskCreated, taskUpdated } from './task-events';
import { NewTask, TasksRepository } from './tasks.repository';

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
    private readonly tasks: TasksRepository,
    private readonly accounts: AccountReplicaRepository,
    private readonly notifier: AssignmentNotifier,
  ) {}

  /** The task, its assignee chosen by the INSERT itself; then its three events and the notice. */
  create(input: NewTask): Promise<TaskEntity> {
    return this.db.transaction(async (tx) => {
      const inserted = await this.tasks.insertAssigned(tx, input, this.random());
      if (!inserted) throw conflict(NOBODY_ELIGIBLE);
      const { task, addressee } = inserted;
      await this.outbox.append(tx, [
        taskCreated(task),
        taskAdded(task),
        taskAssigned(task, 'created', null, task.createdAt),
      ]);
      const addressees = new Map(addressee ? [[task.assigneeId, addressee]] : []);
      await this.notifier.notify(tx, [task], { reason: 'created' }, addressees);
      return task;
    });
  }

  /** One UPDATE that holds only for the open task of its assignee; why not is read only when it did not. */
  complete(publicId: string, callerId: string): Promise<TaskEntity> {
    return this.db.transaction(async (tx) => {
      const done = await this.tasks.completeIfAssignee(tx, publicId, callerId);
      if (!done) throw completionRefusal(await this.tasks.completionState(tx, publicId), callerId);
      await this.outbox.append(tx, [taskUpdated(done), taskCompleted(done)]);
      return done;
    });
  }

  /**
   * Reassigns every open task, each uniformly at random among the eligible accounts, in one transaction
   * and a constant number of statements (lock, update from arrays, one outbox insert, one mail insert).
   */
  shuffle(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const open = await this.tasks.lockOpen(tx);
      if (open.length === 0) return 0;
      const eligible = await this.accounts.eligible(tx);
      if (eligible.length === 0) throw conflict(NOBODY_ELIGIBLE);
      const assignees = shuffleAssignments(
        open,
        eligible.map((a) => a.publicId),
        this.random,
      );
      const tasks = await this.tasks.reassign(tx, open, assignees);
      const shuffleId = randomUUID();
      const at = new Date();
      await this.outbox.append(
        tx,
        tasks.flatMap((task) => [taskUpdated(task), taskAssigned(task, 'shuffle', shuffleId, at)]),
      );
      const addressees = new Map<string, Addressee>(
        eligible.flatMap((a) => (a.email ? [[a.publicId, { email: a.email, fullName: a.fullName }]] : [])),
      );
      await this.notifier.notify(tx, tasks, { reason: 'shuffle', shuffleId }, addressees);
      return tasks.length;
    });
  }

  async get(publicId: string): Promise<TaskEntity> {
    const task = await this.tasks.find(this.db.manager, publicId);
    if (!task) throw notFound('Task');
    return task;
  }

  list(filter: TaskFilter): Promise<TaskEntity[]> {
    return this.tasks.list(this.db.manager, filter);
  }
}
