import type { AccountStateV1 } from '@ates/contracts';
import type { OutgoingEvent } from '@ates/messaging';
import type { AccountEntity } from './account.entity';

const state = (a: AccountEntity): AccountStateV1 => ({
  public_id: a.publicId,
  username: a.username,
  email: a.email,
  full_name: a.fullName,
  role: a.role,
  active: a.active,
  version: a.version,
  created_at: a.createdAt.toISOString(),
});

export const accountCreated = (a: AccountEntity): OutgoingEvent => ({
  name: 'AccountCreated',
  version: 1,
  key: a.publicId,
  data: state(a),
});

export const accountUpdated = (a: AccountEntity): OutgoingEvent => ({
  name: 'AccountUpdated',
  version: 1,
  key: a.publicId,
  data: state(a),
});

export const accountRoleChanged = (a: AccountEntity, oldRole: AccountEntity['role']): OutgoingEvent => ({
  name: 'AccountRoleChanged',
  version: 1,
  key: a.publicId,
  data: {
    public_id: a.publicId,
    old_role: oldRole,
    new_role: a.role,
    version: a.version,
    changed_at: a.updatedAt.toISOString(),
  },
});
