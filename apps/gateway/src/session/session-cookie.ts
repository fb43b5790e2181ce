/**
 * The web dashboards' refresh token cookie (plain functions, no framework): HttpOnly (no script reads it),
 * SameSite=Strict (no other site's page sends it), Secure over https, and sent to the refresh path only — never
 * with an API request.
 */
export const REFRESH_COOKIE = 'ates_refresh';
export const REFRESH_PATH = '/session/refresh';

export interface CookieOptions {
  secure: boolean;
  /** Seconds; 0 expires the cookie now. Unset: a session cookie (auth's own expiry of the token still holds). */
  maxAgeSeconds?: number;
}

export function refreshCookie(token: string, { secure, maxAgeSeconds }: CookieOptions): string {
  const parts = [
    `${REFRESH_COOKIE}=${encodeURIComponent(token)}`,
    `Path=${REFRESH_PATH}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

export const clearedRefreshCookie = (secure: boolean): string =>
  refreshCookie('', { secure, maxAgeSeconds: 0 });

/** The refresh token from a Cookie header, or undefined. */
export function readRefreshCookie(header: string | undefined): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== REFRESH_COOKIE) continue;
    try {
      const value = decodeURIComponent(pair.slice(at + 1).trim());
      return value || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
