import type { TaskStatus } from '@ates/contracts';
import { conflict, DomainError, forbidden, notFound } from '@ates/platform';

/** Why the caller could not complete the task, as it stands now (SPEC §2.3). */
export function completionRefusal(
  task: { assigneeId: string; status: TaskStatus } | undefined,
  callerId: string,
): DomainError {
  if (!task) return notFound('Task');
  if (task.assigneeId !== callerId) return forbidden('Only the assignee can complete this task');
  if (task.status === 'done') return conflict('The task is already done');
  return conflict('The task changed meanwhile: try again'); // reassigned to the caller since the UPDATE
}
