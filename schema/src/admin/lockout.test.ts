import { describe, expect, it } from 'vitest';
import { selfLockout } from './lockout.ts';

describe('selfLockout', () => {
  const self = { actorStaffId: 7, targetId: 7, currentRoleId: 1 };

  it('refuses deactivating one’s own account', () => {
    expect(selfLockout({ ...self, change: { active: false } })).toEqual({ message: expect.stringContaining('deactivate your own account'), field: 'input.active' });
  });

  it('refuses changing one’s own role, but not saving it unchanged', () => {
    expect(selfLockout({ ...self, change: { roleId: 2 } })?.field).toBe('input.roleId');
    expect(selfLockout({ ...self, change: { roleId: 1, active: true } })).toBeNull();
  });

  it('lets an administrator deactivate and re-role someone else, and API keys act on anyone', () => {
    expect(selfLockout({ ...self, targetId: 8, change: { active: false, roleId: 2 } })).toBeNull();
    expect(selfLockout({ ...self, actorStaffId: null, change: { active: false } })).toBeNull();
  });
});
