/** SPEC §3.5: top management earns the day's assignment fees minus the day's completion rewards. */
export interface DayTotals {
  date: string;
  assignmentFees: number;
  completionRewards: number;
  payouts: number;
}

export interface DayStats extends DayTotals {
  managementEarnings: number;
  currency: 'USD';
}

export const dayStats = (totals: DayTotals): DayStats => ({
  date: totals.date,
  managementEarnings: totals.assignmentFees - totals.completionRewards,
  assignmentFees: totals.assignmentFees,
  completionRewards: totals.completionRewards,
  payouts: totals.payouts,
  currency: 'USD',
});

/** API.md: `/stats/daily` without `from`/`to` shows the last 7 days. */
export const DAILY_STATS_DEFAULT_DAYS = 7;
