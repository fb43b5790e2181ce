// What the analytics app offers the repository's tools (tools/*.ts import it as @ates/analytics-app, lint forbids deeper paths).
// The service itself starts from main.ts; nothing here runs on import.
export { CONSUMED_EVENTS } from './consumed-events';
export { FiguresController } from './figures/figures.controller';
export { FiguresQueries } from './figures/figures.queries';
export { BalancesRepository } from './ledger/balances.repository';
export { MIGRATIONS } from './migrations';
export { TaskFactsRepository } from './tasks/task-facts.repository';
