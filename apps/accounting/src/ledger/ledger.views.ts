import { ApiProperty } from '@nestjs/swagger';

export class BalanceDto {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ nullable: true, type: String }) username!: string | null;
  @ApiProperty({ description: 'cents; may be negative' }) balance!: number;
  @ApiProperty({ enum: ['USD'] }) currency!: 'USD';
}

export class EntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['assignment_fee', 'completion_reward', 'payout'] }) kind!: string;
  @ApiProperty({ description: 'cents, ≥ 0' }) debit!: number;
  @ApiProperty({ description: 'cents, ≥ 0' }) credit!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) taskId!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'uuid' }) cycleId!: string;
}
