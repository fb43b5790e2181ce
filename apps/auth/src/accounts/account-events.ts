import type { AccountStateV1 } from '@ates/contracts';
import type { OutgoingEvent } from '@ates/messaging';
import type { Account } from './accounts.repository';

const state = (a: Account): AccountStateV1 => ({
  public_id: a.publicId,
  username: a.username,
  email: a.email,
  full_name: a.fullName,
  role: a.role,
  active: a.active,
  version: a.version,
  created_at: a.createdAt.toISOString(),
});

export const accountCreated = (a: Account): OutgoingEvent => ({
  name: 'AccountCreated',
  version: 1,
  key: a.publicId,
  data: state(a),
});

export const accountUpdated = (a: Account): OutgoingEvent => ({
  name: 'AccountUpdated',
  version: 1,
  key: a.publicId,
  data: state(a),
});

export const accountRoleChanged = (a: Account, oldRole: Account['role']): OutgoingEvent => ({
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
