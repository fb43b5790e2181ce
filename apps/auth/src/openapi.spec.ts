import { openApiDocument } from '@ates/platform';
import { documentationGaps, operationsOf, serviceDocument } from '@ates/testing';
import { AccountsController } from './accounts/accounts.controller';
import { JwksController } from './keys/jwks.controller';
import { SessionsController } from './sessions/sessions.controller';

/** API.md: the routes reachable without a token. */
const PUBLIC = [
  'POST /auth/signup',
  'POST /auth/login',
  'POST /auth/refresh',
  'GET /auth/.well-known/jwks.json',
];

describe('auth OpenAPI document (issue 16 §7)', () => {
  it('documents every route: summary, errors with the shared body and examples', async () => {
    const document = await serviceDocument(
      [SessionsController, AccountsController, JwksController],
      openApiDocument,
    );
    expect(operationsOf(document).sort()).toEqual(
      [
        ...PUBLIC,
        'POST /auth/logout',
        'GET /auth/me',
        'GET /auth/accounts',
        'PATCH /auth/accounts/{id}',
      ].sort(),
    );
    expect(documentationGaps(document, PUBLIC)).toEqual([]);
    const login = document.paths['/auth/login'].post;
    expect(Object.keys(login?.responses ?? {}).sort()).toEqual(['200', '400', '401', '429']);
  });
});
