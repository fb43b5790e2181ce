export const ROLES = ['admin', 'manager', 'accountant', 'worker'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);
