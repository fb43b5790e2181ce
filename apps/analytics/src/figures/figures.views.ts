import { DateRangeQuery, IsBusinessDateConstraint } from '@ates/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Validate } from 'class-validator';
import { Granularity, GRANULARITIES } from './figures.rules';

export class SummaryQuery {
  @ApiPropertyOptional({ example: '2026-11-25', description: 'business date, default today' })
  @IsOptional()
  @Validate(IsBusinessDateConstraint)
  date?: string;
}

export class PeriodsQuery extends DateRangeQuery {
  @ApiPropertyOptional({ enum: GRANULARITIES, default: 'day' })
  @IsOptional()
  @IsIn(GRANULARITIES)
  granularity?: Granularity;
}

export class SummaryDto {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ description: 'cents: assignment fees − completion rewards of that day; may be negative' })
  managementEarnings!: number;
  @ApiProperty({ description: 'popugs with a negative balance at the end of that day (today: now)' })
  negativeBalanceAccounts!: number;
  @ApiProperty({ enum: ['USD'] }) currency!: 'USD';
}

export class TaskFigureDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ nullable: true, type: String }) jiraId!: string | null;
  @ApiProperty({ description: 'completion reward, cents' }) reward!: number;
  @ApiProperty({ format: 'date-time' }) completedAt!: string;
}

export class PeriodTaskDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: TaskFigureDto, nullable: true }) task!: TaskFigureDto | null;
}
