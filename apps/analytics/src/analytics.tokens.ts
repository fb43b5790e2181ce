/** ATES_TIMEZONE: business days are counted in it. */
export const TIME_ZONE = Symbol('TIME_ZONE');
