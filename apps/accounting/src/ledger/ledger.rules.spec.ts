import { balanceDelta, describeEntry } from './ledger.rules';

describe('ledger rules', () => {
  it('names the task with its Jira id and the reason', () => {
    expect(
      describeEntry('assignment_fee', { publicId: 'p', title: 'Paint it green', jiraId: 'UBERPOP-42' }),
    ).toBe('Assignment fee: [UBERPOP-42] Paint it green');
    expect(describeEntry('completion_reward', { publicId: 'p', title: 'Paint', jiraId: null })).toBe(
      'Completion reward: Paint',
    );
  });

  it('falls back to the task id while the title is not known yet', () => {
    expect(describeEntry('assignment_fee', { publicId: 'abc', title: null, jiraId: null })).toBe(
      'Assignment fee: task abc',
    );
  });

  it('debits lower and credits raise a balance', () => {
    expect(balanceDelta({ debit: 1500, credit: 0 })).toBe(-1500);
    expect(balanceDelta({ debit: 0, credit: 3000 })).toBe(3000);
  });
});
