import { ApiProperty } from '@nestjs/swagger';

export class DayStatsDto {
  @ApiProperty({ format: 'date', example: '2026-11-25' }) date!: string;
  @ApiProperty({ description: 'cents: assignmentFees − completionRewards; may be negative' })
  managementEarnings!: number;
  @ApiProperty({ description: 'cents charged to popugs for assignments that day' }) assignmentFees!: number;
  @ApiProperty({ description: 'cents credited to popugs for completions that day' })
  completionRewards!: number;
  @ApiProperty({ description: 'cents paid out by the cycles of that business day' }) payouts!: number;
  @ApiProperty({ enum: ['USD'] }) currency!: 'USD';
}
