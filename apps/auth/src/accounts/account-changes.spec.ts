import { diffAccount } from './account-changes';

const worker = { role: 'worker' as const, email: 'a@popug.inc', fullName: 'A', active: true };
const admin = { ...worker, role: 'admin' as const };

describe('diffAccount', () => {
  it('keeps only real changes (e-mail compared case-insensitively)', () => {
    expect(diffAccount(worker, { role: 'worker', email: 'A@POPUG.INC', fullName: 'B' })).toEqual({
      changes: { fullName: 'B' },
      removesAnAdmin: false,
    });
  });

  it.each([
    ['demoting an admin', { role: 'manager' as const }, true],
    ['deactivating an admin', { active: false }, true],
    ['renaming an admin', { fullName: 'Boss' }, false],
  ])('flags %s', (_label, patch, removes) => {
    expect(diffAccount(admin, patch).removesAnAdmin).toBe(removes);
  });

  it('does not flag deactivating a worker', () => {
    expect(diffAccount(worker, { active: false })).toEqual({
      changes: { active: false },
      removesAnAdmin: false,
    });
  });
});
