/**
 * Nobody locks themselves out: a staff member's own account stays active and keeps its role,
 * so the last administrator cannot take their own access away by a slip of the mouse. Another
 * administrator can still change both. Pure: the service passes in what it knows.
 */
export interface SelfChange {
  /** The staff member signed in (null for API keys and the system). */
  actorStaffId: number | null;
  /** The staff member being changed, and their role now. */
  targetId: number;
  currentRoleId: number;
  change: { active?: boolean | undefined; roleId?: number | undefined };
}

/** The reason the change is refused, with the input field it concerns; null when it may go ahead. */
export function selfLockout({ actorStaffId, targetId, currentRoleId, change }: SelfChange): { message: string; field: string } | null {
  if (actorStaffId === null || actorStaffId !== targetId) return null;
  if (change.active === false) return { message: 'you cannot deactivate your own account; ask another administrator', field: 'input.active' };
  if (change.roleId !== undefined && change.roleId !== currentRoleId) {
    return { message: 'you cannot change your own role; ask another administrator', field: 'input.roleId' };
  }
  return null;
}
