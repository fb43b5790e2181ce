import { ApiProperty } from '@nestjs/swagger';

export class DayStatsDto {
  @ApiProperty({ format: 'date', example: '2026-11-25' }) date!: string;
  @ApiProperty({ description: 'cents: assignmentFees − completionRewards; may be negative', example: 2300 })
  managementEarnings!: number;
  @ApiProperty({ description: 'cents charged to popugs for assignments that day', example: 15400 })
  assignmentFees!: number;
  @ApiProperty({ description: 'cents credited to popugs for completions that day', example: 13100 })
  completionRewards!: number;
  @ApiProperty({ description: 'cents paid out by the cycles of that business day', example: 12 })
  payouts!: number;
  @ApiProperty({ enum: ['USD'], example: 'USD' }) currency!: 'USD';
}
