import { acceptance, topicsOf } from './consumers';

describe('consumer declarations', () => {
  const accepted = { TaskCreated: [1, 2], TaskCompleted: [1] };

  it('accepts the declared versions, rejects other versions of a declared event, skips the rest', () => {
    expect(acceptance(accepted, 'TaskCreated', 2)).toBe('accept');
    expect(acceptance(accepted, 'TaskCreated', 3)).toBe('reject');
    expect(acceptance(accepted, 'TaskAssigned', 1)).toBe('skip');
  });

  it('derives the topics from the catalog and refuses a version without a schema', () => {
    expect(topicsOf(accepted).sort()).toEqual(['tasks-lifecycle', 'tasks-stream']);
    expect(() => topicsOf({ TaskCompleted: [2] })).toThrow(/TaskCompleted v2 is accepted but has no schema/);
  });
});
