/** What an audit found: problems (the audit fails), notes (context), and what it looked at. */
export class Findings {
  readonly problems: string[] = [];
  readonly notes: string[] = [];
  readonly counts = { assignments: 0, completions: 0, payouts: 0, cycles: 0, entries: 0 };

  /** Reports up to `shown` problems of one kind one by one, then how many more there were. */
  problemsOf(kind: string, details: string[], shown = 20): void {
    for (const detail of details.slice(0, shown)) this.problems.push(detail);
    if (details.length > shown) this.problems.push(`… and ${details.length - shown} more: ${kind}`);
  }
}

/** Rows of a query, with bigint columns as numbers (cents stay far below 2^53). */
export const num = (value: string | number | null | undefined): number => Number(value ?? 0);
