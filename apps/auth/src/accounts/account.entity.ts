import type { Role } from '@ates/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'accounts' })
export class AccountEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'uuid', name: 'public_id', insert: false, update: false })
  publicId!: string;

  @Column('text')
  username!: string;

  @Column('text')
  email!: string;

  @Column('text', { name: 'full_name' })
  fullName!: string;

  @Column('text', { name: 'password_hash', select: false })
  passwordHash!: string;

  @Column('text')
  role!: Role;

  @Column('boolean')
  active!: boolean;

  @Column('integer')
  version!: number;

  @Column({ type: 'timestamptz', name: 'created_at', insert: false, update: false })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
