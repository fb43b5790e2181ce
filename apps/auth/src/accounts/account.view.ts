import { ROLES, type Role } from '@ates/contracts';
import { ApiProperty } from '@nestjs/swagger';
import type { Account } from './accounts.repository';

/** Account as API.md returns it. */
export class AccountView {
  @ApiProperty({ format: 'uuid', example: '3f0c9a7e-5b1d-4c1e-9a57-2f6e8d4b1c01' }) id!: string;
  @ApiProperty({ example: 'popug_42' }) username!: string;
  @ApiProperty({ example: 'popug42@popug.inc' }) email!: string;
  @ApiProperty({ example: 'Popug Fortytwo' }) fullName!: string;
  @ApiProperty({ enum: ROLES, example: 'worker' }) role!: Role;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({ format: 'date-time', example: '2026-11-25T10:00:00.000Z' }) createdAt!: string;

  static of(account: Account): AccountView {
    return {
      id: account.publicId,
      username: account.username,
      email: account.email,
      fullName: account.fullName,
      role: account.role,
      active: account.active,
      createdAt: account.createdAt.toISOString(),
    };
  }
}
