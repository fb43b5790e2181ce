/** Typed business errors; the HTTP edge maps the code to a status (see DomainErrorFilter). */
export type DomainErrorCode =
  'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_many';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** For `too_many`: how long to wait, sent as `Retry-After` (whole seconds, rounded up). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const tooMany = (what: string, retryAfterMs: number) =>
  new DomainError('too_many', `${what}; retry in ${Math.ceil(retryAfterMs / 1000)} s`, retryAfterMs);

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
export const conflict = (message: string) => new DomainError('conflict', message);
export const forbidden = (message: string) => new DomainError('forbidden', message);
