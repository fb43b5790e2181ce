import { MailOutbox } from '@ates/mail';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountReplicaRepository } from '../accounts/account-replica.repository';
import { AssignedTask, AssignmentCause, assignmentNotices } from './assignment-notice.rules';

/**
 * Queues assignment notices in the transaction that assigns the tasks, so a rolled-back shuffle notifies
 * nobody and a committed one notifies each popug exactly once; the mail dispatcher sends them.
 */
@Injectable()
export class AssignmentNotifier {
  constructor(
    private readonly accounts: AccountReplicaRepository,
    private readonly mail: MailOutbox,
  ) {}

  async notify(tx: EntityManager, tasks: readonly AssignedTask[], cause: AssignmentCause): Promise<void> {
    const addressees = await this.accounts.recipients(tx, [...new Set(tasks.map((t) => t.assigneeId))]);
    await this.mail.enqueue(tx, assignmentNotices(tasks, cause, addressees));
  }
}
