/** PostgreSQL error codes the services react to. */
export const PgErrorCode = {
  UniqueViolation: '23505',
  SerializationFailure: '40001',
  DeadlockDetected: '40P01',
} as const;

export function pgErrorCode(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = candidate?.driverError?.code ?? candidate?.code;
  return typeof code === 'string' ? code : undefined;
}

export const isUniqueViolation = (error: unknown, constraint?: string): boolean => {
  if (pgErrorCode(error) !== PgErrorCode.UniqueViolation) return false;
  if (!constraint) return true;
  const e = error as { constraint?: string; driverError?: { constraint?: string } };
  return (e.driverError?.constraint ?? e.constraint) === constraint;
};
