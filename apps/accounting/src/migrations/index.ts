import { BillingDay1732600000000 } from './1732600000000-billing-day';
import { Initial1732500000000 } from './1732500000000-initial';
import { CycleCheckPerStatement1732700000000 } from './1732700000000-cycle-check-per-statement';

/** In order; TypeORM runs the ones a database hasn't seen at start. */
export const MIGRATIONS = [
  Initial1732500000000,
  BillingDay1732600000000,
  CycleCheckPerStatement1732700000000,
];
