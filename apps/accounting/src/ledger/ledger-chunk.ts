import type { LedgerEntryKind, TaskPricedV1, TransactionCreatedV1 } from '@ates/contracts';
import { DeferredWork, OutboxWriter, OutgoingEvent } from '@ates/messaging';
import { EntityManager } from 'typeorm';
import { PricedTask, TaskCatalogRepository, TaskDetails } from '../pricing/task-catalog.repository';
import { AccountBookRepository } from './account-book.repository';
import { BillingCyclesRepository } from './billing-cycles.repository';
import { EntriesRepository } from './entries.repository';
import { balanceDelta, describeEntry, mergeDetails } from './ledger.rules';
import { PostingGate } from './posting-gate.repository';

export interface LedgerDeps {
  accounts: AccountBookRepository;
  tasks: TaskCatalogRepository;
  cycles: BillingCyclesRepository;
  entries: EntriesRepository;
  gate: PostingGate;
  outbox: OutboxWriter;
}

interface Posting {
  accountPublicId: string;
  kind: Extract<LedgerEntryKind, 'assignment_fee' | 'completion_reward'>;
  taskPublicId: string;
  sourceEventId: string;
}

/**
 * The money of one chunk of task events, written set-based when the chunk ends (SPEC §3.4): behind the posting
 * gate, one upsert prices every task the chunk names, one update per account adds its summed delta, one insert
 * posts every entry, one insert appends every TaskPriced and TransactionCreated. Events apply in chunk order:
 * the entries, and the events per key, keep it.
 */
export class LedgerChunk implements DeferredWork {
  /** Every task the chunk names, with the details that win for it (null: none), in first-sight order. */
  private readonly tasks = new Map<string, TaskDetails | null>();
  private readonly postings: Posting[] = [];

  constructor(
    private readonly tx: EntityManager,
    private readonly deps: LedgerDeps,
  ) {}

  /** A task event that carries details (CUD, TaskAdded). */
  learn(taskPublicId: string, details: TaskDetails): void {
    const id = taskPublicId.toLowerCase();
    this.tasks.set(id, mergeDetails(this.tasks.get(id) ?? null, details));
  }

  charge(eventId: string, taskPublicId: string, accountPublicId: string): void {
    this.post({ kind: 'assignment_fee', sourceEventId: eventId, taskPublicId, accountPublicId });
  }

  pay(eventId: string, taskPublicId: string, accountPublicId: string): void {
    this.post({ kind: 'completion_reward', sourceEventId: eventId, taskPublicId, accountPublicId });
  }

  private post(p: Posting): void {
    const taskPublicId = p.taskPublicId.toLowerCase();
    if (!this.tasks.has(taskPublicId)) this.tasks.set(taskPublicId, null);
    this.postings.push({ ...p, taskPublicId, accountPublicId: p.accountPublicId.toLowerCase() });
  }

  async flush(): Promise<void> {
    if (this.tasks.size === 0) return;
    const { tx, deps } = this;
    await deps.gate.enterToPost(tx); // first, before any row lock: see PostingGate
    const tasks = await deps.tasks.upsertMany(tx, this.tasks);
    const events: OutgoingEvent[] = [...this.tasks.keys()].flatMap((id) => {
      const task = tasks.get(id) as PricedTask;
      return task.priced ? [taskPriced(task)] : [];
    });
    if (this.postings.length > 0) events.push(...(await this.postAll(tasks)));
    await deps.outbox.append(tx, events);
  }

  private async postAll(tasks: Map<string, PricedTask>): Promise<OutgoingEvent<TransactionCreatedV1>[]> {
    const { tx, deps } = this;
    const cycle = await deps.cycles.openForPosting(tx);
    const lines = this.postings.map((p) => {
      const task = tasks.get(p.taskPublicId) as PricedTask;
      const fee = p.kind === 'assignment_fee';
      const debit = fee ? task.assignmentFee : 0;
      const credit = fee ? 0 : task.completionReward;
      return { ...p, task, debit, credit, description: describeEntry(p.kind, task) };
    });
    const deltas = new Map<string, number>();
    for (const l of lines)
      deltas.set(l.accountPublicId, (deltas.get(l.accountPublicId) ?? 0) + balanceDelta(l));
    const accountIds = await deps.accounts.addToBalances(tx, deltas);
    const posted = await deps.entries.insertMany(
      tx,
      cycle.id,
      lines.map((l) => ({
        accountId: accountIds.get(l.accountPublicId) as string,
        kind: l.kind,
        debit: l.debit,
        credit: l.credit,
        taskId: l.task.id,
        description: l.description,
        sourceEventId: l.sourceEventId,
      })),
    );
    return lines.map((l) => {
      const entry = posted.get(l.sourceEventId.toLowerCase()) ?? posted.get(l.sourceEventId);
      if (!entry) throw new Error(`entry of event ${l.sourceEventId} was not posted`);
      return {
        name: 'TransactionCreated',
        version: 1,
        key: l.accountPublicId,
        data: {
          public_id: entry.publicId,
          account_id: l.accountPublicId,
          kind: l.kind,
          debit: l.debit,
          credit: l.credit,
          currency: 'USD',
          task_id: l.task.publicId,
          description: l.description,
          cycle_id: cycle.public_id,
          created_at: entry.createdAt.toISOString(),
        },
      };
    });
  }
}

function taskPriced(task: PricedTask): OutgoingEvent<TaskPricedV1> {
  return {
    name: 'TaskPriced',
    version: 1,
    key: task.publicId,
    data: {
      task_id: task.publicId,
      assignment_fee: task.assignmentFee,
      completion_reward: task.completionReward,
      currency: 'USD',
      priced_at: new Date().toISOString(),
    },
  };
}
