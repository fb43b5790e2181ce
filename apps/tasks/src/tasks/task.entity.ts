import type { TaskStatus } from '@ates/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'tasks' })
export class TaskEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'uuid', name: 'public_id', insert: false, update: false })
  publicId!: string;

  @Column('text')
  title!: string;

  @Column('text', { name: 'jira_id', nullable: true })
  jiraId!: string | null;

  @Column('text')
  description!: string;

  @Column('text')
  status!: TaskStatus;

  @Column('uuid', { name: 'assignee_id' })
  assigneeId!: string;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('integer')
  version!: number;

  @Column({ type: 'timestamptz', name: 'created_at', insert: false, update: false })
  createdAt!: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;
}
