import type { TaskAddedV1, TaskAddedV2, TaskStateV1, TaskStateV2 } from './events/tasks';
import { splitJiraTitle } from './jira-id';

/** Reads a TaskCreated/TaskUpdated of either version as v2 (v1 titles "[ID] Text" give jira_id "ID"). */
export function taskStateAsV2(data: TaskStateV1 | TaskStateV2, version: number): TaskStateV2 {
  if (version >= 2) return data as TaskStateV2;
  const { jiraId, title } = splitJiraTitle(data.title);
  return { ...data, title, jira_id: jiraId };
}

/** Reads a TaskAdded of either version as v2. */
export function taskAddedAsV2(data: TaskAddedV1 | TaskAddedV2, version: number): TaskAddedV2 {
  if (version >= 2) return data as TaskAddedV2;
  const { jiraId, title } = splitJiraTitle(data.title);
  return { ...data, title, jira_id: jiraId };
}
