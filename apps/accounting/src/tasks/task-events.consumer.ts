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
import { LedgerService } from '../ledger/ledger.service';

/** tasks-stream and tasks-lifecycle (v1 and v2) → prices, fees and rewards. */
@Controller()
export class TaskEventsConsumer {
  constructor(private readonly ledger: LedgerService) {}

  @EventPattern('TaskCreated')
  created(@Payload() event: EventEnvelope<TaskStateV1>, @Ctx() ctx: InboxContext) {
    return this.learnState(event, ctx);
  }

  @EventPattern('TaskUpdated')
  updated(@Payload() event: EventEnvelope<TaskStateV1>, @Ctx() ctx: InboxContext) {
    return this.learnState(event, ctx);
  }

  @EventPattern('TaskAdded')
  added(@Payload() event: EventEnvelope<TaskAddedV1>, @Ctx() ctx: InboxContext) {
    const task = taskAddedAsV2(event.data, event.event_version);
    return this.ledger.learnTask(ctx.tx, task.task_id, {
      title: task.title,
      jiraId: task.jira_id,
      description: task.description,
      version: 0,
    });
  }

  @EventPattern('TaskAssigned')
  assigned(@Payload() event: EventEnvelope<TaskAssignedV1>, @Ctx() ctx: InboxContext) {
    return this.ledger.chargeAssignment(ctx.tx, event.event_id, event.data);
  }

  @EventPattern('TaskCompleted')
  completed(@Payload() event: EventEnvelope<TaskCompletedV1>, @Ctx() ctx: InboxContext) {
    return this.ledger.payCompletion(ctx.tx, event.event_id, event.data);
  }

  private learnState(event: EventEnvelope<TaskStateV1>, ctx: InboxContext) {
    const task = taskStateAsV2(event.data, event.event_version);
    return this.ledger.learnTask(ctx.tx, task.public_id, {
      title: task.title,
      jiraId: task.jira_id,
      description: task.description,
      version: task.version,
    });
  }
}
