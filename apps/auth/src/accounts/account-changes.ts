import type { Role } from '@ates/contracts';

export interface AccountPatch {
  role?: Role;
  email?: string;
  fullName?: string;
  active?: boolean;
}

export interface AccountFacts {
  role: Role;
  email: string;
  fullName: string;
  active: boolean;
}

/**
 * The fields an admin's patch really changes (an empty object when nothing changes), and whether it takes
 * away an admin: the caller must make sure another active admin remains.
 */
export function diffAccount(current: AccountFacts, patch: AccountPatch) {
  const changes: Partial<AccountFacts> = {};
  if (patch.role !== undefined && patch.role !== current.role) changes.role = patch.role;
  if (patch.email !== undefined && patch.email.toLowerCase() !== current.email.toLowerCase())
    changes.email = patch.email;
  if (patch.fullName !== undefined && patch.fullName !== current.fullName) changes.fullName = patch.fullName;
  if (patch.active !== undefined && patch.active !== current.active) changes.active = patch.active;
  const wasActiveAdmin = current.role === 'admin' && current.active;
  const staysActiveAdmin = (changes.role ?? current.role) === 'admin' && (changes.active ?? current.active);
  return { changes, removesAnAdmin: wasActiveAdmin && !staysActiveAdmin };
}
