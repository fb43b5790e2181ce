import { MAX_JSON_DEPTH, nestingDepth } from './bootstrap';

describe('nestingDepth', () => {
  it('measures how deeply arrays and objects nest', () => {
    expect(nestingDepth('x')).toBe(0);
    expect(nestingDepth({ title: 'x' })).toBe(1);
    expect(nestingDepth({ a: [{ b: [] }] })).toBe(4);
  });

  it('stops early on a hostile body without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expect(nestingDepth(deep)).toBe(MAX_JSON_DEPTH + 1);
  });
});
