import { openApiDocument } from '@ates/platform';
import { documentationGaps, operationsOf, serviceDocument } from '@ates/testing';
import { BillingController } from './billing/billing.controller';
import { LedgerController } from './ledger/ledger.controller';
import { StatsController } from './stats/stats.controller';

describe('accounting OpenAPI document (issue 16 §7)', () => {
  it('documents every route: summary, errors with the shared body and examples', async () => {
    const document = await serviceDocument(
      [LedgerController, StatsController, BillingController],
      openApiDocument,
    );
    expect(operationsOf(document).sort()).toEqual([
      'GET /accounting/accounts',
      'GET /accounting/accounts/{id}',
      'GET /accounting/accounts/{id}/transactions',
      'GET /accounting/billing-cycles',
      'GET /accounting/me',
      'GET /accounting/me/transactions',
      'GET /accounting/stats/daily',
      'GET /accounting/stats/today',
      'POST /accounting/billing-cycles/close',
    ]);
    expect(documentationGaps(document)).toEqual([]);
  });
});
