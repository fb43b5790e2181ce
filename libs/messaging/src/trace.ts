import { randomBytes } from 'node:crypto';

/** A new W3C trace context header (`traceparent`), version 00, sampled. */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}
