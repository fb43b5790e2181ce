import { InboxContext } from '@ates/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TaskFactsRepository } from './task-facts.repository';
import { foldTaskFacts, TaskFact } from './task-facts.rules';

/**
 * Task facts → analytics' tasks and each day's top task. A consumer adds each fact to its chunk (`learn`); at
 * the chunk's end they are folded per task and written with one upsert, then the tasks that got a reward or a
 * completion compete for their days' top spots in one statement.
 */
@Injectable()
export class TaskFactsService {
  constructor(private readonly tasks: TaskFactsRepository) {}

  learn(ctx: InboxContext, fact: TaskFact): void {
    ctx.work.add(this, fact, (facts) => this.learnAll(ctx.tx, facts));
  }

  private async learnAll(tx: EntityManager, facts: readonly TaskFact[]): Promise<void> {
    const tasks = foldTaskFacts(facts);
    await this.tasks.upsertMany(tx, tasks);
    await this.tasks.compete(
      tx,
      [...tasks].filter(([, t]) => t.competes).map(([id]) => id),
    );
  }
}
