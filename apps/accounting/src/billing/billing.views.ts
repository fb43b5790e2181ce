import { ApiProperty } from '@nestjs/swagger';
import type { CycleRow } from './billing-cycles.repository';

export class CloseResultDto {
  @ApiProperty({ format: 'uuid', description: 'the cycle just closed' }) cycleId!: string;
  @ApiProperty({ format: 'date', description: 'its business date' }) date!: string;
  @ApiProperty({ description: 'number of accounts paid' }) payouts!: number;
  @ApiProperty({ description: 'cents paid in all' }) totalPaid!: number;
  @ApiProperty({ enum: ['USD'] }) currency!: 'USD';
}

export interface CycleView {
  id: string;
  date: string;
  status: 'open' | 'closed';
  openedAt: string;
  closedAt: string | null;
  payouts: number;
  totalPaid: number;
  currency: 'USD';
}

export class CycleDto implements CycleView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: 'open' | 'closed';
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({ description: 'accounts paid (0 while open)' }) payouts!: number;
  @ApiProperty({ description: 'cents paid (0 while open)' }) totalPaid!: number;
  @ApiProperty({ enum: ['USD'] }) currency!: 'USD';
}

export const toCycleView = (row: CycleRow): CycleView => ({
  id: row.public_id,
  date: row.business_date,
  status: row.status,
  openedAt: row.opened_at.toISOString(),
  closedAt: row.closed_at?.toISOString() ?? null,
  payouts: row.payouts ?? 0,
  totalPaid: Number(row.total_paid ?? 0),
  currency: 'USD',
});
