import { ApiProperty } from '@nestjs/swagger';

export class BalanceDto {
  @ApiProperty({ format: 'uuid', example: '7d9e2c41-8a35-4f0b-b6c2-1e4a9f3d5b72' }) accountId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'popug_42' }) username!: string | null;
  @ApiProperty({ description: 'cents; may be negative', example: -1500 }) balance!: number;
  @ApiProperty({ enum: ['USD'], example: 'USD' }) currency!: 'USD';
}

export class EntryDto {
  @ApiProperty({ format: 'uuid', example: '3f0c9a7e-5b1d-4c1e-9a57-2f6e8d4b1c01' }) id!: string;
  @ApiProperty({ enum: ['assignment_fee', 'completion_reward', 'payout'], example: 'assignment_fee' })
  kind!: string;
  @ApiProperty({ description: 'cents, ≥ 0', example: 1500 }) debit!: number;
  @ApiProperty({ description: 'cents, ≥ 0', example: 0 }) credit!: number;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    example: '3f0c9a7e-5b1d-4c1e-9a57-2f6e8d4b1c01',
  })
  taskId!: string | null;
  @ApiProperty({ example: 'Marketing asked for a greener green.' }) description!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-25T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ format: 'uuid', example: 'b2c4e6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b' }) cycleId!: string;
}
