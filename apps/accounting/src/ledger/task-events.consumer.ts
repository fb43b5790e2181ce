import {
  EventEnvelope,
  taskAddedAsV2,
  TaskAddedV1,
  TaskAssignedV1,
  TaskCompletedV1,
  taskStateAsV2,
  TaskStateV1,
} from '@ates/contracts';
import { InboxContext } from '@ates/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { LedgerService } from './ledger.service';

/**
 * tasks-stream and tasks-lifecycle (v1 and v2) → prices, fees and rewards. Each event joins its chunk's ledger
 * work, which the inbox writes set-based once the chunk's last event is dispatched.
 */
@Controller()
export class TaskEventsConsumer {
  constructor(private readonly ledger: LedgerService) {}

  @EventPattern('TaskCreated')
  created(@Payload() event: EventEnvelope<TaskStateV1>, @Ctx() ctx: InboxContext): void {
    this.learnState(event, ctx);
  }

  @EventPattern('TaskUpdated')
  updated(@Payload() event: EventEnvelope<TaskStateV1>, @Ctx() ctx: InboxContext): void {
    this.learnState(event, ctx);
  }

  @EventPattern('TaskAdded')
  added(@Payload() event: EventEnvelope<TaskAddedV1>, @Ctx() ctx: InboxContext): void {
    const task = taskAddedAsV2(event.data, event.event_version);
    this.ledger.chunk(ctx).learn(task.task_id, {
      title: task.title,
      jiraId: task.jira_id,
      description: task.description,
      version: 0,
    });
  }

  @EventPattern('TaskAssigned')
  assigned(@Payload() event: EventEnvelope<TaskAssignedV1>, @Ctx() ctx: InboxContext): void {
    this.ledger.chunk(ctx).charge(event.event_id, event.data.task_id, event.data.assignee_id);
  }

  @EventPattern('TaskCompleted')
  completed(@Payload() event: EventEnvelope<TaskCompletedV1>, @Ctx() ctx: InboxContext): void {
    this.ledger.chunk(ctx).pay(event.event_id, event.data.task_id, event.data.assignee_id);
  }

  private learnState(event: EventEnvelope<TaskStateV1>, ctx: InboxContext): void {
    const task = taskStateAsV2(event.data, event.event_version);
    this.ledger.chunk(ctx).learn(task.public_id, {
      title: task.title,
      jiraId: task.jira_id,
      description: task.description,
      version: task.version,
    });
  }
}
