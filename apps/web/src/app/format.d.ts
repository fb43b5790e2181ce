// Types of format.js for its spec (the dashboards themselves are plain ES modules, served as they are).
export function money(cents: number): string;
export function businessDay(instant: Date, timeZone: string): string;
export function addDays(day: string, days: number): string;
export function dateTime(iso: string | null, timeZone: string): string;
export function kindName(kind: string): string;
export function amountOf(entry: { debit: number; credit: number }): number;
