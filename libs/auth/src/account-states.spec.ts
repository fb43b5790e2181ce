import { tokenRefusal } from './account-states';

describe('tokenRefusal (a verified token against the service’s copy of the account)', () => {
  const token = { role: 'worker' as const, version: 3 };
  const copy = (active: boolean, role: 'worker' | 'manager', version: number) => ({ active, role, version });

  it('lets the token decide while the account is unknown or the copy is older than the token', () => {
    expect(tokenRefusal(token, undefined)).toBeNull();
    expect(tokenRefusal({ role: 'manager', version: 4 }, copy(true, 'worker', 3))).toBeNull(); // just promoted
    expect(tokenRefusal({ role: 'worker', version: 4 }, copy(false, 'worker', 3))).toBeNull(); // just reactivated
  });

  it('refuses the token of a deactivated account, or of a role the account no longer has', () => {
    expect(tokenRefusal(token, copy(false, 'worker', 4))).toBe('This account is deactivated');
    expect(tokenRefusal(token, copy(true, 'manager', 4))).toMatch(/role has changed/);
    expect(tokenRefusal({ role: 'worker', version: 0 }, copy(true, 'manager', 1))).toMatch(
      /role has changed/,
    ); // no `ver`
  });

  it('accepts the token when the copy agrees', () => {
    expect(tokenRefusal(token, copy(true, 'worker', 3))).toBeNull();
    expect(tokenRefusal(token, copy(true, 'worker', 5))).toBeNull(); // e.g. an e-mail change since
  });
});
