import {
  EventEnvelope,
  taskAddedAsV2,
  TaskAddedV1,
  TaskCompletedV1,
  TaskPricedV1,
  taskStateAsV2,
  TaskStateV1,
} from '@ates/contracts';
import { InboxContext } from '@ates/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TaskFactsRepository } from './task-facts.repository';

/** tasks-stream, tasks-lifecycle (v1 and v2) and billing-lifecycle's TaskPriced → analytics' tasks. */
@Controller()
export class TaskEventsConsumer {
  constructor(private readonly tasks: TaskFactsRepository) {}

  @EventPattern('TaskCreated')
  created(@Payload() event: EventEnvelope<TaskStateV1>, @Ctx() ctx: InboxContext) {
    return this.state(event, ctx);
  }

  @EventPattern('TaskUpdated')
  updated(@Payload() event: EventEnvelope<TaskStateV1>, @Ctx() ctx: InboxContext) {
    return this.state(event, ctx);
  }

  @EventPattern('TaskAdded')
  added(@Payload() event: EventEnvelope<TaskAddedV1>, @Ctx() ctx: InboxContext) {
    const task = taskAddedAsV2(event.data, event.event_version);
    return this.tasks.details(ctx.tx, task.task_id, { title: task.title, jiraId: task.jira_id, version: 0 });
  }

  @EventPattern('TaskPriced')
  priced(@Payload() event: EventEnvelope<TaskPricedV1>, @Ctx() ctx: InboxContext) {
    return this.tasks.priced(ctx.tx, event.data.task_id, event.data.completion_reward);
  }

  @EventPattern('TaskCompleted')
  completed(@Payload() event: EventEnvelope<TaskCompletedV1>, @Ctx() ctx: InboxContext) {
    return this.tasks.completed(ctx.tx, event.data.task_id, event.data.completed_at);
  }

  private state(event: EventEnvelope<TaskStateV1>, ctx: InboxContext) {
    const task = taskStateAsV2(event.data, event.event_version);
    return this.tasks.details(ctx.tx, task.public_id, {
      title: task.title,
      jiraId: task.jira_id,
      version: task.version,
    });
  }
}
