import { openApiDocument } from '@ates/platform';
import { documentationGaps, operationsOf, serviceDocument } from '@ates/testing';
import { TasksController } from './tasks/tasks.controller';

describe('tasks OpenAPI document (issue 16 §7)', () => {
  it('documents every route: summary, errors with the shared body and examples', async () => {
    const document = await serviceDocument([TasksController], openApiDocument);
    expect(operationsOf(document).sort()).toEqual([
      'GET /tasks',
      'GET /tasks/mine',
      'GET /tasks/{id}',
      'POST /tasks',
      'POST /tasks/shuffle',
      'POST /tasks/{id}/complete',
    ]);
    expect(documentationGaps(document)).toEqual([]);
  });
});
