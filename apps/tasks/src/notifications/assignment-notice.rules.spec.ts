import { assignmentNotices, AssignedTask } from './assignment-notice.rules';

const alice = 'a0000000-0000-4000-8000-000000000001';
const bob = 'b0000000-0000-4000-8000-000000000002';
const ghost = 'c0000000-0000-4000-8000-000000000003';
const addressees = new Map([
  [alice, { email: 'alice@popug.inc', fullName: 'Alice' }],
  [bob, { email: 'bob@popug.inc', fullName: null }],
]);
const task = (n: number, assigneeId: string, jiraId: string | null = null): AssignedTask => ({
  publicId: `00000000-0000-4000-8000-00000000000${n}`,
  title: `Task ${n}`,
  jiraId,
  assigneeId,
});

describe('assignment notices (SPEC §5)', () => {
  it('sends one notice per popug per shuffle, listing all of their tasks', () => {
    const tasks = [task(1, alice), task(2, bob), task(3, alice, 'POP-7'), task(4, alice)];
    const notices = assignmentNotices(tasks, { reason: 'shuffle', shuffleId: 's1' }, addressees);
    expect(notices.map((n) => [n.to, n.messageId, n.subject])).toEqual([
      ['alice@popug.inc', `shuffle-s1-${alice}`, 'aTES shuffle: 3 tasks assigned to you'],
      ['bob@popug.inc', `shuffle-s1-${bob}`, 'aTES shuffle: task Task 2 assigned to you'],
    ]);
    expect(notices[0].text).toContain('  - [POP-7] Task 3');
    expect(notices[0].text.match(/^ {2}- /gm)).toHaveLength(3);
    expect(notices[1].text).toContain('Hello bob@popug.inc,');
  });

  it('notifies a new task’s assignee once, keyed by the task', () => {
    const [notice, ...rest] = assignmentNotices([task(5, bob)], { reason: 'created' }, addressees);
    expect(rest).toEqual([]);
    expect(notice).toMatchObject({
      to: 'bob@popug.inc',
      messageId: `assigned-${task(5, bob).publicId}-${bob}`,
      subject: 'aTES: new task Task 5 assigned to you',
    });
  });

  it('skips a popug whose address is not known', () => {
    expect(assignmentNotices([task(1, ghost)], { reason: 'created' }, addressees)).toEqual([]);
  });
});
