import type { TaskStatus } from '@ates/contracts';
import { TaskEntity } from './task.entity';

export interface TaskRow {
  id: string;
  public_id: string;
  title: string;
  jira_id: string | null;
  description: string;
  status: TaskStatus;
  assignee_id: string;
  created_by: string;
  version: number;
  created_at: Date;
  completed_at: Date | null;
}

export const TASK_COLUMNS =
  'id, public_id, title, jira_id, description, status, assignee_id, created_by, version, created_at, completed_at';

/** The same columns qualified with the alias `t` (for UPDATE … FROM … RETURNING). */
export const TASK_COLUMNS_T = TASK_COLUMNS.split(', ')
  .map((column) => `t.${column}`)
  .join(', ');

export function toTask(row: TaskRow): TaskEntity {
  return Object.assign(new TaskEntity(), {
    id: row.id,
    publicId: row.public_id,
    title: row.title,
    jiraId: row.jira_id,
    description: row.description,
    status: row.status,
    assigneeId: row.assignee_id,
    createdBy: row.created_by,
    version: row.version,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  });
}
