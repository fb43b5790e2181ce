import { ROLES, type Role } from '@ates/contracts';
import { ApiProperty } from '@nestjs/swagger';
import type { AccountEntity } from './account.entity';

/** Account as API.md returns it. */
export class AccountView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() email!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static of(account: AccountEntity): AccountView {
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
