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

/** Concurrent transactions collided (a deadlock, or a serialization failure): the same work may simply run again. */
export const isTransactionConflict = (error: unknown): boolean => {
  const code = pgErrorCode(error);
  return code === PgErrorCode.DeadlockDetected || code === PgErrorCode.SerializationFailure;
};

/**
 * The database itself is unreachable or going away (connection lost or refused, server shutting down, out of
 * resources): retrying the same event elsewhere won't help, waiting will. Not a property of the event.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = pgErrorCode(error);
  if (code) return code.startsWith('08') || code.startsWith('53') || code.startsWith('57P');
  const text = `${(error as { message?: unknown })?.message ?? ''} ${(error as { code?: unknown })?.code ?? ''}`;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|connection timeout|Driver not Connected/i.test(
    text,
  );
}
