import { MailOutbox } from '@ates/mail';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Addressee, AssignedTask, AssignmentCause, assignmentNotices } from './assignment-notice.rules';

/**
 * Queues assignment notices in the transaction that assigns the tasks, so a rolled-back shuffle notifies
 * nobody and a committed one notifies each popug exactly once; the mail dispatcher sends them. The caller
 * gives the assignees' addresses, read by the statement that chose them.
 */
@Injectable()
export class AssignmentNotifier {
  private readonly logger = new Logger(AssignmentNotifier.name);

  constructor(private readonly mail: MailOutbox) {}

  /** One INSERT of every notice (MailOutbox.enqueue), whatever the number of tasks and assignees. */
  async notify(
    tx: EntityManager,
    tasks: readonly AssignedTask[],
    cause: AssignmentCause,
    addressees: ReadonlyMap<string, Addressee>,
  ): Promise<void> {
    const unknown = [...new Set(tasks.map((t) => t.assigneeId))].filter((id) => !addressees.has(id));
    // SPEC §5 accepts a log entry as a notification: nobody is left unnotified in silence.
    for (const id of unknown)
      this.logger.warn(
        { assignee: id, tasks: tasks.filter((t) => t.assigneeId === id).map((t) => t.publicId) },
        'no e-mail address known for the assignee: notice logged instead of sent',
      );
    await this.mail.enqueue(tx, assignmentNotices(tasks, cause, addressees));
  }
}
