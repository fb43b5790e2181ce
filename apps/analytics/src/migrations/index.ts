import { Initial1732500000000 } from './1732500000000-initial';
import { ReadModels1732600000000 } from './1732600000000-read-models';
import { AccountStates1732800000000 } from './1732800000000-account-states';

/** In order; TypeORM runs the ones a database hasn't seen at start. */
export const MIGRATIONS = [Initial1732500000000, ReadModels1732600000000, AccountStates1732800000000];
