import { col, rowOf, type Column } from '@ates/database';
import type { TaskEntity } from './task.entity';

/** timestamptz as the Date TaskEntity holds. */
const instant: Column<Date> = (value) => new Date(col.timestamp(value));

/** A row of tasks.tasks read as its entity (columns selected under the entity's property names). */
export const taskRow = rowOf<TaskEntity>('task', {
  id: col.text,
  publicId: col.text,
  title: col.text,
  jiraId: col.nullable(col.text),
  description: col.text,
  status: col.oneOf('open', 'done'),
  assigneeId: col.text,
  createdBy: col.text,
  version: col.int,
  createdAt: instant,
  completedAt: col.nullable(instant),
});

const COLUMNS: [column: string, property: keyof TaskEntity][] = [
  ['id', 'id'],
  ['public_id', 'publicId'],
  ['title', 'title'],
  ['jira_id', 'jiraId'],
  ['description', 'description'],
  ['status', 'status'],
  ['assignee_id', 'assigneeId'],
  ['created_by', 'createdBy'],
  ['version', 'version'],
  ['created_at', 'createdAt'],
  ['completed_at', 'completedAt'],
];

/** The select list that `taskRow` reads, of the table under `alias`. */
export const taskColumns = (alias: string) =>
  COLUMNS.map(([column, property]) => `${alias}.${column} AS "${property}"`).join(', ');
