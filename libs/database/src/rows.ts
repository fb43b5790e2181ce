/**
 * Rows come back from `pg` as plain objects whose column types the compiler cannot know: `bigint` and `numeric`
 * as strings, `timestamptz` as Date, NULL anywhere. A repository reads them through a decoder, which checks each
 * column it names and converts it to the type the caller gets, instead of asserting a type over `unknown` (ADR
 * 0016). A column that is missing or of another type throws a `RowDecodeError` naming the query's shape and the
 * column, so a schema drift fails loudly at the first row rather than as a wrong figure later.
 */
export type Column<T> = (value: unknown) => T;
export type RowShape<T> = { [K in keyof T]: Column<T[K]> };
export type Decoder<T> = (row: unknown) => T;

export class RowDecodeError extends Error {
  constructor(shape: string, column: string, detail: string) {
    super(`row ${shape}: column "${column}" ${detail}`);
    this.name = 'RowDecodeError';
  }
}

class ColumnMismatch extends Error {}

function mismatch(expected: string, value: unknown): never {
  const seen = value === null ? 'NULL' : value === undefined ? 'missing' : `${typeof value} ${String(value)}`;
  throw new ColumnMismatch(`is ${seen.slice(0, 60)}, expected ${expected}`);
}

const text: Column<string> = (value) => (typeof value === 'string' ? value : mismatch('text', value));

/** int2/int4, and int8/numeric (which `pg` returns as text) when they hold a safe integer: cents, counts, ids. */
const int: Column<number> = (value) => {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^-?\d+$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isSafeInteger(n) ? n : mismatch('a safe integer', value);
};

const bool: Column<boolean> = (value) => (typeof value === 'boolean' ? value : mismatch('boolean', value));

/** timestamptz (a Date from `pg`, or text from a `::text` cast) as an ISO-8601 string. */
const timestamp: Column<string> = (value) => {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  return mismatch('timestamp', value);
};

/** date (`pg` returns it as text when its type parser is left alone, or Date) as YYYY-MM-DD. */
const date: Column<string> = (value) => {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  return mismatch('date', value);
};

const json: Column<unknown> = (value) => (value === undefined ? mismatch('json', value) : value);

function nullable<T>(column: Column<T>): Column<T | null> {
  return (value) => (value === null ? null : column(value));
}

function oneOf<const V extends readonly string[]>(...values: V): Column<V[number]> {
  return (value) =>
    typeof value === 'string' && (values as readonly string[]).includes(value)
      ? (value as V[number])
      : mismatch(values.join('|'), value);
}

export const col = { text, int, bool, timestamp, date, json, nullable, oneOf };

/** A decoder for rows of the given shape; `name` names the shape in errors. */
export function rowOf<T>(name: string, shape: RowShape<T>): Decoder<T> {
  const columns = Object.keys(shape) as (keyof T & string)[];
  return (row) => {
    if (typeof row !== 'object' || row === null) throw new RowDecodeError(name, '*', 'row is not an object');
    const source = row as Record<string, unknown>;
    const decoded = {} as T;
    for (const column of columns) {
      try {
        decoded[column] = shape[column](source[column]);
      } catch (error) {
        if (error instanceof ColumnMismatch) throw new RowDecodeError(name, column, error.message);
        throw error;
      }
    }
    return decoded;
  };
}

/** What `tx.query` (TypeORM's EntityManager or DataSource) and a `pg` client share. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The rows of a result: `pg` gives `{ rows }`; TypeORM gives the rows, except for UPDATE/DELETE, where it gives
 * `[rows, affected]` (rows are objects, never arrays, so the two can't be confused).
 */
function rowsOf(result: unknown): unknown[] | undefined {
  if (!Array.isArray(result)) return (result as { rows?: unknown[] } | null)?.rows;
  if (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0];
  return result;
}

/** Runs a query and decodes every row it returns (`pg` results or TypeORM's array of rows). */
export async function queryRows<T>(
  db: Queryable,
  decoder: Decoder<T>,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const rows = rowsOf(await db.query(sql, parameters));
  if (!Array.isArray(rows)) throw new RowDecodeError('result', '*', 'the query returned no rows array');
  return rows.map(decoder);
}

/** The one row a query returns, or undefined when it returns none; more than one is an error. */
export async function queryOne<T>(
  db: Queryable,
  decoder: Decoder<T>,
  sql: string,
  parameters: unknown[] = [],
): Promise<T | undefined> {
  const rows = await queryRows(db, decoder, sql, parameters);
  if (rows.length > 1)
    throw new RowDecodeError('result', '*', `expected at most one row, got ${rows.length}`);
  return rows[0];
}
