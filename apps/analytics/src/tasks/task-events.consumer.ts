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
import { TaskFactsService } from './task-facts.service';

/**
 * tasks-stream, tasks-lifecycle (v1 and v2) and billing-lifecycle's TaskPriced → analytics' tasks. Each fact
 * joins its chunk, which the inbox writes set-based once the chunk's last event is dispatched.
 */
@Controller()
export class TaskEventsConsumer {
  constructor(private readonly tasks: TaskFactsService) {}

  @EventPattern('TaskCreated')
  created(@Payload() event: EventEnvelope<TaskStateV1>, @Ctx() ctx: InboxContext): void {
    this.state(event, ctx);
  }

  @EventPattern('TaskUpdated')
  updated(@Payload() event: EventEnvelope<TaskStateV1>, @Ctx() ctx: InboxContext): void {
    this.state(event, ctx);
  }

  @EventPattern('TaskAdded')
  added(@Payload() event: EventEnvelope<TaskAddedV1>, @Ctx() ctx: InboxContext): void {
    const task = taskAddedAsV2(event.data, event.event_version);
    this.tasks.learn(ctx, {
      taskId: task.task_id,
      details: { title: task.title, jiraId: task.jira_id, version: 0 },
    });
  }

  @EventPattern('TaskPriced')
  priced(@Payload() event: EventEnvelope<TaskPricedV1>, @Ctx() ctx: InboxContext): void {
    this.tasks.learn(ctx, { taskId: event.data.task_id, reward: event.data.completion_reward });
  }

  @EventPattern('TaskCompleted')
  completed(@Payload() event: EventEnvelope<TaskCompletedV1>, @Ctx() ctx: InboxContext): void {
    this.tasks.learn(ctx, { taskId: event.data.task_id, completedAt: event.data.completed_at });
  }

  private state(event: EventEnvelope<TaskStateV1>, ctx: InboxContext): void {
    const task = taskStateAsV2(event.data, event.event_version);
    this.tasks.learn(ctx, {
      taskId: task.public_id,
      details: { title: task.title, jiraId: task.jira_id, version: task.version },
    });
  }
}
