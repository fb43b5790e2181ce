import { ApiProperty } from '@nestjs/swagger';
import type { TaskEntity } from './task.entity';

/** Task as API.md returns it. */
export class TaskView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) jiraId!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ['open', 'done'] }) status!: 'open' | 'done';
  @ApiProperty({ format: 'uuid' }) assigneeId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt!: string | null;

  static of(t: TaskEntity): TaskView {
    return {
      id: t.publicId,
      title: t.title,
      jiraId: t.jiraId,
      description: t.description,
      status: t.status,
      assigneeId: t.assigneeId,
      createdAt: t.createdAt.toISOString(),
      completedAt: t.completedAt?.toISOString() ?? null,
    };
  }
}

export class ShuffleResultView {
  @ApiProperty({ description: 'number of open tasks reassigned' }) reassigned!: number;
}
