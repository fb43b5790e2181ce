export interface TaskDetails {
  title: string;
  jiraId: string | null;
  /** 0 for TaskAdded (fills in only while nothing is known); the CUD version otherwise (newer wins). */
  version: number;
}

/** One event's fact about a task. */
export type TaskFact =
  | { taskId: string; details: TaskDetails }
  | { taskId: string; reward: number }
  | { taskId: string; completedAt: string };

/** What a chunk's facts say of one task, folded as applying them one by one would. */
export interface TaskFacts {
  details: TaskDetails | null;
  reward: number | null;
  completedAt: string | null;
  /** A reward or a completion arrived: the task (once it has both) competes for its day's top spot. */
  competes: boolean;
}

/**
 * Folds facts per task (lower-cased id, first-sight order): the details of the newest version (the first of
 * equal versions), the first reward and the first completion (each is fixed once).
 */
export function foldTaskFacts(facts: readonly TaskFact[]): Map<string, TaskFacts> {
  const tasks = new Map<string, TaskFacts>();
  for (const fact of facts) {
    const id = fact.taskId.toLowerCase();
    const task = tasks.get(id) ?? { details: null, reward: null, completedAt: null, competes: false };
    tasks.set(id, task);
    if ('details' in fact) {
      if (!task.details || fact.details.version > task.details.version) task.details = fact.details;
    } else if ('reward' in fact) {
      task.reward ??= fact.reward;
      task.competes = true;
    } else {
      task.completedAt ??= fact.completedAt;
      task.competes = true;
    }
  }
  return tasks;
}
