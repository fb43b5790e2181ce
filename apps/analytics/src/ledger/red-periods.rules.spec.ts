import { planRedPeriods } from './red-periods.rules';

const at = (hour: number) => `2026-03-01T${String(hour).padStart(2, '0')}:00:00.000Z`;

describe('planRedPeriods', () => {
  it('opens and closes a period at every crossing of zero, in arrival order', () => {
    const postings = [-500, 800, -700, 100, 400].map((amount, i) => ({ amount, at: at(8 + i) }));
    expect(planRedPeriods({ balance: 0, lastEntryAt: null }, postings)).toEqual({
      recompute: false,
      closeAt: null,
      // 0 → -500 (red at 8) → 300 (back at 9) → -400 (red at 10) → -300 → 100 (back at 12)
      periods: [
        { from: at(8), to: at(9) },
        { from: at(10), to: at(12) },
      ],
    });
  });

  it('closes the period held before the chunk at the first switch back, and leaves out an empty one', () => {
    const postings = [
      { amount: 300, at: at(9) },
      { amount: -500, at: at(10) },
      { amount: 500, at: at(10) },
    ];
    expect(planRedPeriods({ balance: -100, lastEntryAt: at(8) }, postings)).toEqual({
      recompute: false,
      closeAt: at(9),
      periods: [],
    });
  });

  it('asks for a recompute when an entry is older than one seen before it, in the chunk or before it', () => {
    expect(planRedPeriods({ balance: 0, lastEntryAt: at(10) }, [{ amount: -1, at: at(9) }])).toEqual({
      recompute: true,
    });
    const postings = [
      { amount: -1, at: at(11) },
      { amount: 5, at: at(10) },
    ];
    expect(planRedPeriods({ balance: 0, lastEntryAt: at(10) }, postings)).toEqual({ recompute: true });
  });
});
