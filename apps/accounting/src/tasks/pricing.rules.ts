/** SPEC §3.4 prices, in integer cents: whole dollars, uniformly random, fixed once per task. */
export const ASSIGNMENT_FEE_DOLLARS = { min: 10, max: 20 } as const;
export const COMPLETION_REWARD_DOLLARS = { min: 20, max: 40 } as const;
export const CENTS_PER_DOLLAR = 100;

export interface TaskPrices {
  assignmentFee: number;
  completionReward: number;
}

const wholeDollars = (range: { min: number; max: number }, random: () => number) =>
  (range.min + Math.floor(random() * (range.max - range.min + 1))) * CENTS_PER_DOLLAR;

export function priceTask(random: () => number = Math.random): TaskPrices {
  return {
    assignmentFee: wholeDollars(ASSIGNMENT_FEE_DOLLARS, random),
    completionReward: wholeDollars(COMPLETION_REWARD_DOLLARS, random),
  };
}

/** "$12.00" for 1200 cents; exact, no floating point. */
export function formatDollars(cents: number | bigint): string {
  const value = BigInt(cents);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}$${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
