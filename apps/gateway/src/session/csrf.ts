/**
 * CSRF defence of the cookie-authenticated session routes (plain rules). Besides SameSite=Strict:
 * - the request must carry `X-ATES-Session: 1`: a form on another site cannot set a header, and a cross-origin
 *   script asking for one needs a CORS preflight the gateway never grants for it;
 * - an `Origin` header, which browsers send on every POST and DELETE, must be the gateway's own origin.
 */
export const CSRF_HEADER = 'x-ates-session';

export interface CsrfInput {
  headers: Record<string, string | string[] | undefined>;
  /** The origin this request was addressed to, e.g. `http://localhost:3000`. */
  ownOrigin: string;
}

/** Why the request is refused, or null when it may proceed. */
export function csrfRefusal({ headers, ownOrigin }: CsrfInput): string | null {
  if (headers[CSRF_HEADER] !== '1') return `Missing ${CSRF_HEADER} header`;
  const origin = headers['origin'];
  if (origin !== undefined && normalized(String(origin)) !== normalized(ownOrigin))
    return 'Cross-site request refused';
  return null;
}

/** `http://localhost:80` and `http://localhost` are one origin; anything unparsable (`null`) is none. */
function normalized(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}
