import { ApiProperty } from '@nestjs/swagger';
import type { CycleRow } from '../ledger/billing-cycles.repository';

export class CloseResultDto {
  @ApiProperty({
    format: 'uuid',
    description: 'the cycle just closed',
    example: 'b2c4e6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b',
  })
  cycleId!: string;
  @ApiProperty({ format: 'date', description: 'its business date', example: '2026-11-25' }) date!: string;
  @ApiProperty({ description: 'number of accounts paid', example: 12 }) payouts!: number;
  @ApiProperty({ description: 'cents paid in all', example: 48500 }) totalPaid!: number;
  @ApiProperty({ enum: ['USD'], example: 'USD' }) currency!: 'USD';
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
  @ApiProperty({ format: 'uuid', example: '3f0c9a7e-5b1d-4c1e-9a57-2f6e8d4b1c01' }) id!: string;
  @ApiProperty({ format: 'date', example: '2026-11-25' }) date!: string;
  @ApiProperty({ enum: ['open', 'closed'], example: 'closed' }) status!: 'open' | 'closed';
  @ApiProperty({ format: 'date-time', example: '2026-11-25T00:00:00.000Z' }) openedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2026-11-26T00:00:00.000Z' })
  closedAt!: string | null;
  @ApiProperty({ description: 'accounts paid (0 while open)', example: 12 }) payouts!: number;
  @ApiProperty({ description: 'cents paid (0 while open)', example: 48500 }) totalPaid!: number;
  @ApiProperty({ enum: ['USD'], example: 'USD' }) currency!: 'USD';
}

export const toCycleView = (row: CycleRow): CycleView => ({
  id: row.public_id,
  date: row.business_date,
  status: row.status,
  openedAt: row.opened_at,
  closedAt: row.closed_at,
  payouts: row.payouts ?? 0,
  totalPaid: row.total_paid ?? 0,
  currency: 'USD',
});
