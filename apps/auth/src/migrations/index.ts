import { Initial1732500000000 } from './1732500000000-initial';

/** In order; TypeORM runs the ones a database hasn't seen at start. */
export const MIGRATIONS = [Initial1732500000000];
