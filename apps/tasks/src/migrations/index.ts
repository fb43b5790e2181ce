import { AccountChanges1733100000000 } from './1733100000000-account-changes';
import { AssignmentNotices1732600000000 } from './1732600000000-assignment-notices';
import { Initial1732500000000 } from './1732500000000-initial';
import { JiraIds1732700000000 } from './1732700000000-jira-ids';

/** In order; TypeORM runs the ones a database hasn't seen at start. */
export const MIGRATIONS = [
  Initial1732500000000,
  AssignmentNotices1732600000000,
  JiraIds1732700000000,
  AccountChanges1733100000000,
];
