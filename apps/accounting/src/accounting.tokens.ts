/** ATES_TIMEZONE: business days are counted in it. */
export const TIME_ZONE = Symbol('TIME_ZONE');

/** Accounts paid per slice of a close (BillingService); DEFAULT_CLOSE_SLICE unless provided. */
export const CLOSE_SLICE = Symbol('CLOSE_SLICE');
