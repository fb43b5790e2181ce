import { clearedRefreshCookie, readRefreshCookie, refreshCookie } from './session-cookie';
import { csrfRefusal } from './csrf';

describe('refresh cookie', () => {
  it('is HttpOnly, SameSite=Strict, for the refresh path, Secure only over https', () => {
    expect(refreshCookie('abc', { secure: false })).toBe(
      'ates_refresh=abc; Path=/session/refresh; HttpOnly; SameSite=Strict',
    );
    expect(refreshCookie('a b', { secure: true })).toBe(
      'ates_refresh=a%20b; Path=/session/refresh; HttpOnly; SameSite=Strict; Secure',
    );
    expect(clearedRefreshCookie(true)).toBe(
      'ates_refresh=; Path=/session/refresh; HttpOnly; SameSite=Strict; Max-Age=0; Secure',
    );
  });

  it('is read from a Cookie header among others, and only when well-formed', () => {
    expect(readRefreshCookie('theme=dark; ates_refresh=a%20b; x=1')).toBe('a b');
    expect(readRefreshCookie('ates_refresh=')).toBeUndefined();
    expect(readRefreshCookie('ates_refresh=%E0%A4%A')).toBeUndefined();
    expect(readRefreshCookie('other_ates_refresh=x')).toBeUndefined();
    expect(readRefreshCookie(undefined)).toBeUndefined();
  });
});

describe('CSRF rule', () => {
  const own = 'http://localhost:3000';
  it('needs the session header and, when the browser names one, the own origin', () => {
    expect(csrfRefusal({ headers: { 'x-ates-session': '1', origin: own }, ownOrigin: own })).toBeNull();
    expect(csrfRefusal({ headers: { 'x-ates-session': '1' }, ownOrigin: own })).toBeNull();
    expect(csrfRefusal({ headers: { origin: own }, ownOrigin: own })).toBe('Missing x-ates-session header');
    expect(
      csrfRefusal({ headers: { 'x-ates-session': '1', origin: 'http://localhost:3001' }, ownOrigin: own }),
    ).toBe('Cross-site request refused');
    expect(csrfRefusal({ headers: { 'x-ates-session': '1', origin: 'null' }, ownOrigin: own })).toBe(
      'Cross-site request refused',
    );
  });
});

describe('CSRF origins', () => {
  it('treats a default port as no port, and an opaque origin as foreign', () => {
    const ok = { 'x-ates-session': '1', origin: 'http://localhost' };
    expect(csrfRefusal({ headers: ok, ownOrigin: 'http://localhost:80' })).toBeNull();
    expect(csrfRefusal({ headers: { ...ok, origin: 'null' }, ownOrigin: 'http://null' })).toBe(
      'Cross-site request refused',
    );
  });
});
