import type { TaskAddedV2, TaskAssignedV1, TaskCompletedV1, TaskStateV2 } from '@ates/contracts';
import type { OutgoingEvent } from '@ates/messaging';
import type { TaskEntity } from './task.entity';

const state = (t: TaskEntity): TaskStateV2 => ({
  public_id: t.publicId,
  title: t.title,
  jira_id: t.jiraId,
  description: t.description,
  status: t.status,
  assignee_id: t.assigneeId,
  version: t.version,
  created_at: t.createdAt.toISOString(),
  completed_at: t.completedAt?.toISOString() ?? null,
});

const event = <T extends object>(
  name: string,
  version: number,
  t: TaskEntity,
  data: T,
): OutgoingEvent<T> => ({
  name,
  version,
  key: t.publicId,
  data,
});

export const taskCreated = (t: TaskEntity) => event('TaskCreated', 2, t, state(t));
export const taskUpdated = (t: TaskEntity) => event('TaskUpdated', 2, t, state(t));

export const taskAdded = (t: TaskEntity) =>
  event<TaskAddedV2>('TaskAdded', 2, t, {
    task_id: t.publicId,
    title: t.title,
    jira_id: t.jiraId,
    description: t.description,
    assignee_id: t.assigneeId,
    created_at: t.createdAt.toISOString(),
  });

export const taskAssigned = (
  t: TaskEntity,
  reason: 'created' | 'shuffle',
  shuffleId: string | null,
  at: Date,
) =>
  event<TaskAssignedV1>('TaskAssigned', 1, t, {
    task_id: t.publicId,
    assignee_id: t.assigneeId,
    reason,
    shuffle_id: shuffleId,
    assigned_at: at.toISOString(),
  });

export const taskCompleted = (t: TaskEntity) =>
  event<TaskCompletedV1>('TaskCompleted', 1, t, {
    task_id: t.publicId,
    assignee_id: t.assigneeId,
    completed_at: (t.completedAt ?? new Date()).toISOString(),
  });
