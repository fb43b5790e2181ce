/** SPEC §5: a popug hears of the tasks assigned to them — one notice per popug per shuffle, not per task. */

export interface Addressee {
  email: string;
  fullName: string | null;
}

export interface AssignedTask {
  publicId: string;
  title: string;
  jiraId: string | null;
  assigneeId: string;
}

export type AssignmentCause = { reason: 'created' } | { reason: 'shuffle'; shuffleId: string };

export interface Notice {
  /** Idempotency key and SMTP Message-ID: the same assignment never notifies twice. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
}

const name = (task: AssignedTask) => (task.jiraId ? `[${task.jiraId}] ${task.title}` : task.title);

export function assignmentNotices(
  tasks: readonly AssignedTask[],
  cause: AssignmentCause,
  addressees: ReadonlyMap<string, Addressee>,
): Notice[] {
  const byAssignee = new Map<string, AssignedTask[]>();
  for (const task of tasks)
    byAssignee.set(task.assigneeId, [...(byAssignee.get(task.assigneeId) ?? []), task]);
  return [...byAssignee].flatMap(([assigneeId, theirs]) => {
    const to = addressees.get(assigneeId);
    if (!to) return [];
    const what = theirs.length === 1 ? `task ${name(theirs[0])}` : `${theirs.length} tasks`;
    const messageId =
      cause.reason === 'shuffle'
        ? `shuffle-${cause.shuffleId}-${assigneeId}`
        : `assigned-${theirs[0].publicId}-${assigneeId}`;
    return [
      {
        messageId,
        to: to.email,
        subject:
          cause.reason === 'shuffle'
            ? `aTES shuffle: ${what} assigned to you`
            : `aTES: new ${what} assigned to you`,
        text: [
          `Hello ${to.fullName ?? to.email},`,
          '',
          cause.reason === 'shuffle'
            ? 'A manager shuffled the open tasks. These are yours now:'
            : 'A new task was assigned to you:',
          ...theirs.map((t) => `  - ${name(t)} (${t.publicId})`),
          '',
          '— aTES task tracker, UberPopug Inc.',
        ].join('\n'),
      },
    ];
  });
}
