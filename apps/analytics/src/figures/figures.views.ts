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
  @ApiPropertyOptional({ enum: GRANULARITIES, default: 'day', example: 'week' })
  @IsOptional()
  @IsIn(GRANULARITIES)
  granularity?: Granularity;
}

export class SummaryDto {
  @ApiProperty({ format: 'date', example: '2026-11-25' }) date!: string;
  @ApiProperty({
    description: 'cents: assignment fees − completion rewards of that day; may be negative',
    example: 2300,
  })
  managementEarnings!: number;
  @ApiProperty({
    description: 'popugs with a negative balance at the end of that day (today: now)',
    example: 3,
  })
  negativeBalanceAccounts!: number;
  @ApiProperty({ enum: ['USD'], example: 'USD' }) currency!: 'USD';
}

export class TaskFigureDto {
  @ApiProperty({ format: 'uuid', example: '3f0c9a7e-5b1d-4c1e-9a57-2f6e8d4b1c01' }) taskId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Change the shade of green on the button' }) title!:
    string | null;
  @ApiProperty({ nullable: true, type: String, example: 'UBERPOP-42' }) jiraId!: string | null;
  @ApiProperty({ description: 'completion reward, cents', example: 3400 }) reward!: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-25T15:30:00.000Z' }) completedAt!: string;
}

export class PeriodTaskDto {
  @ApiProperty({ format: 'date', example: '2026-11-01' }) from!: string;
  @ApiProperty({ format: 'date', example: '2026-11-30' }) to!: string;
  @ApiProperty({ type: TaskFigureDto, nullable: true }) task!: TaskFigureDto | null;
}
