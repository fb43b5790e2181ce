import { addDays, type DateRange } from '@ates/platform';

/** SPEC §4 / API.md: periods are business days, ISO weeks (Monday–Sunday) or calendar months. */
export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const weekday = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0

function periodOf(date: string, granularity: Granularity): DateRange {
  if (granularity === 'day') return { from: date, to: date };
  if (granularity === 'week') {
    const monday = addDays(date, -weekday(date));
    return { from: monday, to: addDays(monday, 6) };
  }
  const first = `${date.slice(0, 7)}-01`;
  const nextMonth = addDays(first, 32).slice(0, 7);
  return { from: first, to: addDays(`${nextMonth}-01`, -1) };
}

/** The periods covering `from..to` (inclusive), oldest first, the first and last clipped to the range. */
export function periods(range: DateRange, granularity: Granularity): DateRange[] {
  const result: DateRange[] = [];
  for (let date = range.from; date <= range.to;) {
    const period = periodOf(date, granularity);
    result.push({ from: date, to: period.to < range.to ? period.to : range.to });
    date = addDays(period.to, 1);
  }
  return result;
}

export interface RewardedTask {
  taskId: string;
  reward: number;
  /** ISO instant */
  completedAt: string;
}

/** True if `a` is the more expensive task: a higher reward, then the earlier completion, then the smaller id. */
export function isMoreExpensive(a: RewardedTask, b: RewardedTask): boolean {
  if (a.reward !== b.reward) return a.reward > b.reward;
  const at = Date.parse(a.completedAt) - Date.parse(b.completedAt);
  if (at !== 0) return at < 0;
  return a.taskId < b.taskId;
}

export function mostExpensive<T extends RewardedTask>(tasks: readonly T[]): T | null {
  return tasks.reduce<T | null>((best, task) => (!best || isMoreExpensive(task, best) ? task : best), null);
}

/** SPEC §3.5 (the same figure as accounting's DayStats). */
export const managementEarnings = (fees: number, rewards: number): number => fees - rewards;
