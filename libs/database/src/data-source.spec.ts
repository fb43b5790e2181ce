import { isUniqueViolation, pgErrorCode } from './pg-errors';
import { quoteIdent, serviceDataSourceOptions } from './data-source';

describe('database helpers', () => {
  it('quotes safe identifiers and refuses anything else', () => {
    expect(quoteIdent('accounting')).toBe('"accounting"');
    expect(() => quoteIdent('x"; DROP TABLE y; --')).toThrow(/unsafe/);
    expect(() => quoteIdent('Accounting')).toThrow(/unsafe/);
  });

  it('never synchronizes and keeps migrations in the service schema', () => {
    expect(
      serviceDataSourceOptions({ url: 'postgres://x/y', schema: 'tasks', entities: [], migrations: [] }),
    ).toMatchObject({
      type: 'postgres',
      schema: 'tasks',
      synchronize: false,
      migrationsTableName: 'migrations',
    });
  });

  it('recognises unique violations by code and constraint, wrapped by TypeORM or not', () => {
    const raw = { code: '23505', constraint: 'accounts_username_key' };
    expect(pgErrorCode({ driverError: raw })).toBe('23505');
    expect(isUniqueViolation(raw, 'accounts_username_key')).toBe(true);
    expect(isUniqueViolation({ driverError: raw }, 'accounts_email_key')).toBe(false);
    expect(isUniqueViolation({ code: '40001' })).toBe(false);
  });
});
