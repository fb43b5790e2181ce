import { ApiProperty } from '@nestjs/swagger';
import type { TaskEntity } from './task.entity';

/** Task as API.md returns it. */
export class TaskView {
  @ApiProperty({ format: 'uuid', example: '3f0c9a7e-5b1d-4c1e-9a57-2f6e8d4b1c01' }) id!: string;
  @ApiProperty({ example: 'Change the shade of green on the button' }) title!: string;
  @ApiProperty({ nullable: true, type: String, example: 'UBERPOP-42' }) jiraId!: string | null;
  @ApiProperty({ example: 'Marketing asked for a greener green.' }) description!: string;
  @ApiProperty({ enum: ['open', 'done'], example: 'open' }) status!: 'open' | 'done';
  @ApiProperty({ format: 'uuid', example: '7d9e2c41-8a35-4f0b-b6c2-1e4a9f3d5b72' }) assigneeId!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-25T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2026-11-25T15:30:00.000Z' })
  completedAt!: string | null;

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
  @ApiProperty({ description: 'number of open tasks reassigned', example: 7 }) reassigned!: number;
}
