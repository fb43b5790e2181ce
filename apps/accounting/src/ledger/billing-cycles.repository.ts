import { col, queryOne, queryRows, rowOf, type Decoder } from '@ates/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface CycleRow {
  id: string;
  public_id: string;
  business_date: string;
  status: 'open' | 'closed';
  opened_at: string;
  closed_at: string | null;
  payouts: number | null;
  /** cents */
  total_paid: number | null;
}

const CYCLE = rowOf<CycleRow>('billing cycle', {
  id: col.text,
  public_id: col.text,
  business_date: col.date,
  status: col.oneOf('open', 'closed'),
  opened_at: col.timestamp,
  closed_at: col.nullable(col.timestamp),
  payouts: col.nullable(col.int),
  total_paid: col.nullable(col.int),
});
const BUSINESS_DATE = rowOf('open cycle date', { business_date: col.date });
const IDS = rowOf('open cycle ids', { id: col.text, public_id: col.text });

const COLUMNS = `id, public_id, to_char(business_date, 'YYYY-MM-DD') AS business_date, status, opened_at, closed_at,
  payouts, total_paid`;

/** The billing cycles: exactly one open at any time (a unique partial index), closed ones keep their totals. */
@Injectable()
export class BillingCyclesRepository {
  constructor(private readonly db: DataSource) {}

  /** The open cycle, to close it; the caller holds the posting gate exclusively. */
  open(tx: EntityManager): Promise<CycleRow> {
    return this.findOpen(
      tx,
      CYCLE,
      `SELECT ${COLUMNS} FROM accounting.billing_cycles WHERE status = 'open' FOR UPDATE`,
    );
  }

  /** The open cycle as of now, without any lock (the scheduler's cheap check); null only before the first start. */
  async peekOpen(): Promise<Pick<CycleRow, 'business_date'> | null> {
    const row = await queryOne(
      this.db,
      BUSINESS_DATE,
      `SELECT to_char(business_date, 'YYYY-MM-DD') AS business_date FROM accounting.billing_cycles WHERE status = 'open'`,
    );
    return row ?? null;
  }

  /** The open cycle, to post into it; the caller holds the posting gate, so it stays open until commit. */
  openForPosting(tx: EntityManager): Promise<Pick<CycleRow, 'id' | 'public_id'>> {
    return this.findOpen(
      tx,
      IDS,
      `SELECT id, public_id FROM accounting.billing_cycles WHERE status = 'open'`,
    );
  }

  private async findOpen<T>(tx: EntityManager, decoder: Decoder<T>, sql: string): Promise<T> {
    const row = await queryOne(tx, decoder, sql);
    if (!row) throw new Error('no open billing cycle (the service opens one at start)');
    return row;
  }

  /** Opens the first cycle if none is open; a no-op otherwise, also when several replicas start at once. */
  async ensureOpen(businessDate: string): Promise<void> {
    await this.db.query(
      `INSERT INTO accounting.billing_cycles (business_date)
       SELECT $1::date WHERE NOT EXISTS (SELECT 1 FROM accounting.billing_cycles WHERE status = 'open')
       ON CONFLICT DO NOTHING`,
      [businessDate],
    );
  }

  async close(tx: EntityManager, id: string, payouts: number, totalPaid: number): Promise<CycleRow> {
    const row = await queryOne(
      tx,
      CYCLE,
      `UPDATE accounting.billing_cycles
          SET status = 'closed', closed_at = clock_timestamp(), payouts = $2, total_paid = $3
        WHERE id = $1 AND status = 'open'
        RETURNING ${COLUMNS}`,
      [id, payouts, totalPaid],
    );
    if (!row) throw new Error(`billing cycle ${id} is not open: the posting gate must be held to close it`);
    return row;
  }

  async openNext(tx: EntityManager, businessDate: string): Promise<CycleRow> {
    const row = await queryOne(
      tx,
      CYCLE,
      `INSERT INTO accounting.billing_cycles (business_date) VALUES ($1) RETURNING ${COLUMNS}`,
      [businessDate],
    );
    if (!row) throw new Error('INSERT … RETURNING gave no row');
    return row;
  }

  /** Newest first. */
  list(limit: number): Promise<CycleRow[]> {
    return queryRows(
      this.db,
      CYCLE,
      `SELECT ${COLUMNS} FROM accounting.billing_cycles ORDER BY id DESC LIMIT $1`,
      [limit],
    );
  }
}
