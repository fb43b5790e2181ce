import type { Role } from '../roles';

/** AccountCreated v1 / AccountUpdated v1 (`accounts-stream`): the whole account, versioned. */
export interface AccountStateV1 {
  public_id: string;
  username: string;
  email: string;
  full_name: string;
  role: Role;
  active: boolean;
  /** Increases with every change; consumers ignore a state older than the one they hold. */
  version: number;
  created_at: string;
}

/** AccountRoleChanged v1 (`accounts-lifecycle`). */
export interface AccountRoleChangedV1 {
  public_id: string;
  old_role: Role;
  new_role: Role;
  version: number;
  changed_at: string;
}
