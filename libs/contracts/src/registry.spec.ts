import { randomUUID } from 'node:crypto';
import { InvalidEventError, SchemaRegistry } from './registry';

const registry = new SchemaRegistry();
const envelope = (name: string, version: number, data: object) => ({
  event_id: randomUUID(),
  event_version: version,
  event_name: name,
  event_time: new Date().toISOString(),
  producer: 'tasks',
  data,
});
const completed = {
  task_id: randomUUID(),
  assignee_id: randomUUID(),
  completed_at: new Date().toISOString(),
};

describe('SchemaRegistry', () => {
  it('accepts a valid event and returns it parsed', () => {
    const event = envelope('TaskCompleted', 1, completed);
    expect(registry.parse(JSON.stringify(event))).toEqual(event);
  });

  it.each([
    ['not JSON', '{oops', /not JSON/],
    [
      'a missing envelope field',
      JSON.stringify({ ...envelope('TaskCompleted', 1, completed), producer: undefined }),
      /producer/,
    ],
    [
      'an unknown version',
      JSON.stringify(envelope('TaskCompleted', 9, completed)),
      /unknown event TaskCompleted v9/,
    ],
    [
      'a wrong data type',
      JSON.stringify(envelope('TaskCompleted', 1, { ...completed, task_id: 42 })),
      /task_id/,
    ],
    [
      'an unknown data field',
      JSON.stringify(envelope('TaskCompleted', 1, { ...completed, extra: 1 })),
      /additional/,
    ],
  ])('rejects %s with a reason', (_label, raw, reason) => {
    expect(() => registry.parse(raw)).toThrow(InvalidEventError);
    expect(() => registry.parse(raw)).toThrow(reason);
  });

  it('rejects a v2 task title with brackets but accepts it in v1', () => {
    const base = {
      task_id: randomUUID(),
      description: '',
      assignee_id: randomUUID(),
      created_at: new Date().toISOString(),
    };
    expect(() =>
      registry.validate(envelope('TaskAdded', 2, { ...base, title: '[X-1] Fix', jira_id: null })),
    ).toThrow(/title/);
    expect(() => registry.validate(envelope('TaskAdded', 1, { ...base, title: '[X-1] Fix' }))).not.toThrow();
  });
});
