import { seededRandom } from '@ates/testing';
import { pickAssignee, shuffleAssignments, TITLE_PATTERN } from './assignment.rules';

describe('assignment rules', () => {
  it('refuses to pick from nobody', () => {
    expect(() => pickAssignee([], Math.random)).toThrow('no eligible assignee');
  });

  it('picks uniformly: 60,000 picks over 3 popugs land within 2% of a third each', () => {
    const counts = new Map<string, number>();
    const random = seededRandom(42);
    for (let i = 0; i < 60_000; i++) {
      const who = pickAssignee(['a', 'b', 'c'], random);
      counts.set(who, (counts.get(who) ?? 0) + 1);
    }
    for (const n of counts.values()) expect(Math.abs(n - 20_000)).toBeLessThan(400);
  });

  it('shuffles every task independently, allowing any popug any number of tasks', () => {
    const tasks = Array.from({ length: 1_000 }, (_, i) => `t${i}`);
    const result = shuffleAssignments(tasks, ['a', 'b'], seededRandom(1));
    expect(result).toHaveLength(1_000);
    expect(new Set(result)).toEqual(new Set(['a', 'b']));
    expect(shuffleAssignments(tasks.slice(0, 10), ['only'], seededRandom(1))).toEqual(Array(10).fill('only'));
  });

  it('rejects brackets in titles', () => {
    expect(TITLE_PATTERN.test('Change the shade of green')).toBe(true);
    expect(TITLE_PATTERN.test('[UBERPOP-42] Change')).toBe(false);
    expect(TITLE_PATTERN.test('Fix ]')).toBe(false);
  });
});
