import { seededRandom } from '@ates/testing';
import { priceTask } from './pricing.rules';

describe('pricing', () => {
  it('prices in whole dollars within [10, 20] and [20, 40], reaching both ends', () => {
    const random = seededRandom(3);
    const fees = new Set<number>();
    const rewards = new Set<number>();
    for (let i = 0; i < 5_000; i++) {
      const { assignmentFee, completionReward } = priceTask(random);
      fees.add(assignmentFee);
      rewards.add(completionReward);
    }
    expect([...fees].sort((a, b) => a - b)).toEqual(Array.from({ length: 11 }, (_, i) => (10 + i) * 100));
    expect([...rewards].sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, i) => (20 + i) * 100));
  });

  it('maps the extremes of the random source to the range ends', () => {
    expect(priceTask(() => 0)).toEqual({ assignmentFee: 1000, completionReward: 2000 });
    expect(priceTask(() => 0.999999)).toEqual({ assignmentFee: 2000, completionReward: 4000 });
  });
});
