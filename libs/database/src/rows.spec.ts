import { Client } from 'pg';
import { col, queryOne, queryRows, RowDecodeError, rowOf } from './rows';

// The server libs/testing's TEST_ADMIN_URL names; read here directly, as libs/testing itself depends on this lib.
/* eslint-disable no-restricted-properties */
const url =
  process.env['TEST_DATABASE_URL'] ??
  process.env['DATABASE_URL'] ??
  'postgres://postgres@127.0.0.1:5432/postgres';
/* eslint-enable no-restricted-properties */

const balance = rowOf('balance', {
  account_id: col.text,
  cents: col.int,
  closed: col.bool,
  at: col.timestamp,
  day: col.date,
  note: col.nullable(col.text),
  kind: col.oneOf('fee', 'reward'),
});

describe('row decoders, on what PostgreSQL really returns', () => {
  const client = new Client({ connectionString: url });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it('converts bigint, timestamptz and date columns to the caller’s types', async () => {
    const rows = await queryRows(
      client,
      balance,
      `SELECT 'a1' AS account_id, (-9007199254740991)::bigint AS cents, true AS closed,
              '2026-12-02T10:00:00Z'::timestamptz AS at, '2026-12-02'::date::text AS day, NULL AS note,
              'fee' AS kind`,
    );
    expect(rows).toEqual([
      {
        account_id: 'a1',
        cents: -9007199254740991,
        closed: true,
        at: '2026-12-02T10:00:00.000Z',
        day: '2026-12-02',
        note: null,
        kind: 'fee',
      },
    ]);
  });

  it('names the shape and the column when a row does not match', async () => {
    const wrong = `SELECT 'a1' AS account_id, 12.5::numeric AS cents, true AS closed, now() AS at,
                          '2026-12-02' AS day, NULL AS note, 'fee' AS kind`;
    await expect(queryRows(client, balance, wrong)).rejects.toThrow(
      new RowDecodeError('balance', 'cents', 'is string 12.5, expected a safe integer'),
    );
    await expect(
      queryRows(client, balance, `SELECT 'a1' AS account_id, 1 AS cents, true AS closed`),
    ).rejects.toThrow(/column "at" is missing, expected timestamp/);
    await expect(
      queryRows(client, rowOf('k', { kind: col.oneOf('fee', 'reward') }), `SELECT 'payout' AS kind`),
    ).rejects.toThrow(/column "kind" is string payout, expected fee\|reward/);
    await expect(queryRows(client, rowOf('n', { n: col.int }), `SELECT 2::bigint ^ 60 AS n`)).rejects.toThrow(
      /expected a safe integer/,
    );
  });

  it('reads one row, none, or refuses several; and takes TypeORM’s [rows, affected] for UPDATE', async () => {
    const n = rowOf('n', { n: col.int });
    expect(await queryOne(client, n, `SELECT 7 AS n`)).toEqual({ n: 7 });
    expect(await queryOne(client, n, `SELECT 7 AS n WHERE false`)).toBeUndefined();
    await expect(queryOne(client, n, `SELECT generate_series(1, 2) AS n`)).rejects.toThrow(/at most one row/);
    const typeorm = { query: async () => [[{ n: '3' }], 1] };
    expect(await queryRows(typeorm, n, 'UPDATE …')).toEqual([{ n: 3 }]);
  });
});
