import { LimitQuery } from '@ates/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { TITLE_PATTERN } from './assignment.rules';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const emptyToNull = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (value.trim() === '' ? null : value.trim()) : value;

export class CreateTaskDto {
  @ApiProperty({ example: 'Change the shade of green on the button', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @Matches(TITLE_PATTERN, { message: 'title must not contain "[" or "]": put the Jira id in jiraId instead' })
  title!: string;

  @ApiPropertyOptional({ example: 'UBERPOP-42', nullable: true })
  @IsOptional()
  @Transform(emptyToNull)
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
    message: 'jiraId must look like UBERPOP-42 (letters, digits, "-", "_", ".")',
  })
  @MaxLength(64)
  jiraId?: string | null;

  @ApiPropertyOptional({ example: 'Marketing asked for a greener green.' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;
}

export class TaskListQuery extends LimitQuery {
  @ApiPropertyOptional({ enum: ['open', 'done'], example: 'open' })
  @IsOptional()
  @IsIn(['open', 'done'])
  status?: 'open' | 'done';

  @ApiPropertyOptional({ format: 'uuid', example: '7d9e2c41-8a35-4f0b-b6c2-1e4a9f3d5b72' })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string;
}

export class MyTasksQuery extends LimitQuery {
  @ApiPropertyOptional({ enum: ['open', 'done'], example: 'open' })
  @IsOptional()
  @IsIn(['open', 'done'])
  status?: 'open' | 'done';
}
