import { openApiDocument } from '@ates/platform';
import { documentationGaps, operationsOf, serviceDocument } from '@ates/testing';
import { FiguresController } from './figures/figures.controller';

describe('analytics OpenAPI document (issue 16 §7)', () => {
  it('documents every route: summary, errors with the shared body and examples', async () => {
    const document = await serviceDocument([FiguresController], openApiDocument);
    expect(operationsOf(document).sort()).toEqual([
      'GET /analytics/most-expensive-task',
      'GET /analytics/most-expensive-tasks',
      'GET /analytics/summary',
    ]);
    expect(documentationGaps(document)).toEqual([]);
  });
});
