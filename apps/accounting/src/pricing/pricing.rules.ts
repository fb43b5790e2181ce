/** SPEC §3.4 prices, in integer cents: whole dollars, uniformly random, fixed once per task. */
const ASSIGNMENT_FEE_DOLLARS = { min: 10, max: 20 } as const;
const COMPLETION_REWARD_DOLLARS = { min: 20, max: 40 } as const;
const CENTS_PER_DOLLAR = 100;

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
