import type { LedgerEntryKind } from '@ates/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface NewEntry {
  accountId: string;
  kind: LedgerEntryKind;
  debit: number;
  credit: number;
  taskId: string;
  description: string;
  sourceEventId: string;
}

export interface PostedEntry {
  publicId: string;
  createdAt: Date;
}

/** The ledger's task entries (fees and rewards): append-only. */
@Injectable()
export class EntriesRepository {
  /** Appends entries into `cycleId` with one statement; returns each entry's public id by source event id. */
  async insertMany(
    tx: EntityManager,
    cycleId: string,
    entries: readonly NewEntry[],
  ): Promise<Map<string, PostedEntry>> {
    const rows: { public_id: string; created_at: Date; source_event_id: string }[] = await tx.query(
      `INSERT INTO accounting.entries (account_id, cycle_id, kind, debit, credit, task_id, description, source_event_id)
       SELECT e.account_id, $1, e.kind, e.debit, e.credit, e.task_id, e.description, e.source_event_id
         FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[], $8::uuid[])
              WITH ORDINALITY AS e(account_id, kind, debit, credit, task_id, description, source_event_id, n)
        ORDER BY e.n
       RETURNING public_id, created_at, source_event_id`,
      [
        cycleId,
        entries.map((e) => e.accountId),
        entries.map((e) => e.kind),
        entries.map((e) => e.debit),
        entries.map((e) => e.credit),
        entries.map((e) => e.taskId),
        entries.map((e) => e.description),
        entries.map((e) => e.sourceEventId),
      ],
    );
    return new Map(rows.map((r) => [r.source_event_id, { publicId: r.public_id, createdAt: r.created_at }]));
  }
}
