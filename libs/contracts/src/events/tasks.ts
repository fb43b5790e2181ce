export type TaskStatus = 'open' | 'done';

/** TaskCreated v1 / TaskUpdated v1 (`tasks-stream`): the whole task; the title may hold "[JIRA-ID] …". */
export interface TaskStateV1 {
  public_id: string;
  title: string;
  description: string;
  status: TaskStatus;
  assignee_id: string;
  version: number;
  created_at: string;
  completed_at: string | null;
}

/** TaskCreated v2 / TaskUpdated v2: the Jira id is its own field and the title has no brackets. */
export interface TaskStateV2 extends TaskStateV1 {
  jira_id: string | null;
}

/** TaskAdded v1 (`tasks-lifecycle`). */
export interface TaskAddedV1 {
  task_id: string;
  title: string;
  description: string;
  assignee_id: string;
  created_at: string;
}

/** TaskAdded v2: with `jira_id`. */
export interface TaskAddedV2 extends TaskAddedV1 {
  jira_id: string | null;
}

/** TaskAssigned v1: one assignment (creation or shuffle); accounting charges each one. */
export interface TaskAssignedV1 {
  task_id: string;
  assignee_id: string;
  reason: 'created' | 'shuffle';
  shuffle_id: string | null;
  assigned_at: string;
}

/** TaskCompleted v1. */
export interface TaskCompletedV1 {
  task_id: string;
  assignee_id: string;
  completed_at: string;
}
