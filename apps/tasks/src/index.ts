// What the tasks app offers the repository's tools (tools/*.ts import it as @ates/tasks-app, lint forbids deeper paths).
// The service itself starts from main.ts; nothing here runs on import.
export { CONSUMED_EVENTS } from './consumed-events';
export { MIGRATIONS } from './migrations';
