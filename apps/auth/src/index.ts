// What the auth app offers the repository's tools (tools/*.ts import it as @ates/auth-app, lint forbids deeper paths).
// The service itself starts from main.ts; nothing here runs on import.
export { MIGRATIONS } from './migrations';
