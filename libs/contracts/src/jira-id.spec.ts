import { splitJiraTitle } from './jira-id';
import { taskAddedAsV2 } from './upcast';

describe('splitJiraTitle', () => {
  it.each([
    ['[UBERPOP-42] Change the shade of green', 'UBERPOP-42', 'Change the shade of green'],
    ['  [ABC-1]Fix it ', 'ABC-1', 'Fix it'],
    ['Plain title', null, 'Plain title'],
    ['Title with [brackets] later', null, 'Title with [brackets] later'],
    ['[ONLY-ID]', 'ONLY-ID', 'ONLY-ID'],
  ])('%j → jira %j, title %j', (input, jiraId, title) => {
    expect(splitJiraTitle(input)).toEqual({ jiraId, title });
  });

  it('upcasts a v1 TaskAdded to v2 and leaves v2 alone', () => {
    const v1 = {
      task_id: 't',
      title: '[UBERPOP-7] Paint',
      description: '',
      assignee_id: 'a',
      created_at: 'now',
    };
    expect(taskAddedAsV2(v1, 1)).toEqual({ ...v1, title: 'Paint', jira_id: 'UBERPOP-7' });
    const v2 = { ...v1, title: 'Paint', jira_id: null };
    expect(taskAddedAsV2(v2, 2)).toBe(v2);
  });
});
