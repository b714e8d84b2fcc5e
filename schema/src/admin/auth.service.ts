import * as OTPAuth from 'otpauth';
import { z } from 'zod';
import type { Db } from '@backhaul/prisma/db';
import { change } from '../shared/changes.ts';
import type { ServiceContext } from '../shared/context.ts';
import {
  InvalidCredentialsError,
  InvalidTwoFactorCodeError,
  NotAllowedError,
  TooManyAttemptsError,
  TwoFactorRequiredError,
} from '../shared/errors.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../shared/passwords.ts';
import { actorOf, type Actor, type Principal } from '../shared/principal.ts';
import type { LoginLimiter } from '../shared/rate-limit.ts';
import { parseInput } from '../shared/validate.ts';
import { contains, parseBlock } from '../network/ip.ts';
import { AuthenticationError } from './auth.errors.ts';
import { isPermission, type Permission } from './permissions.ts';
import { passwordSchema } from './staff.service.ts';
import { API_KEY_PREFIX, newToken, SESSION_PREFIX, tokenHash } from './tokens.ts';

/** A session ends after this long without use. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** lastSeenAt / lastUsedAt are written at most this often, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface LoginContext extends ServiceContext {
  loginLimiter: LoginLimiter;
  userAgent: string | null;
}

/**
 * Resolves the principal behind an `Authorization` header value. No header means anonymous;
 * a header that names no valid, current credential is an AuthenticationError (401).
 */
export async function authenticate(db: Db, authorization: string | null | undefined, ip: string | null): Promise<Principal | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw new AuthenticationError('the Authorization header must be "Bearer <token>"');
  const token = match[1]!;
  if (token.startsWith(SESSION_PREFIX)) return staffPrincipal(db, token);
  if (token.startsWith(API_KEY_PREFIX)) return apiKeyPrincipal(db, token, ip);
  throw new AuthenticationError('unknown token');
}

async function staffPrincipal(db: Db, token: string): Promise<Principal> {
  const session = await db.staffSession.findUnique({ where: { tokenHash: tokenHash(token) }, include: { staff: { include: { role: true } } } });
  const now = Date.now();
  if (!session || session.revokedAt) throw new AuthenticationError('the session has ended; sign in again');
  if (session.expiresAt.getTime() <= now) throw new AuthenticationError('the session has expired; sign in again');
  if (!session.staff.active) throw new AuthenticationError('this staff account is disabled');
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.staffSession.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now), expiresAt: new Date(now + SESSION_IDLE_MS) } });
  }
  return {
    kind: 'staff',
    staffId: session.staffId,
    sessionId: session.id,
    partnerId: session.staff.partnerId,
    permissions: new Set(session.staff.role.permissions.filter(isPermission)),
  };
}

async function apiKeyPrincipal(db: Db, token: string, ip: string | null): Promise<Principal> {
  const key = await db.apiKey.findUnique({ where: { keyHash: tokenHash(token) }, include: { createdBy: { include: { role: true } } } });
  if (!key || key.revokedAt) throw new AuthenticationError('the API key is revoked or unknown');
  if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) throw new AuthenticationError('the API key has expired');
  if (key.allowedIps.length > 0) {
    const from = ip ? parseBlock(ip.replace(/^::ffff:/, '')) : null;
    if (!from || !key.allowedIps.some((cidr) => contains(parseBlock(cidr)!, from))) {
      throw new AuthenticationError(`the API key may not be used from ${ip ?? 'this address'}`);
    }
  }
  // A key never has more rights than its creator has now.
  const creator = key.createdBy;
  const allowed = creator?.active ? new Set(creator.role.permissions) : new Set<string>();
  const permissions = new Set(key.scopes.filter((s): s is Permission => isPermission(s) && allowed.has(s)));
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
  }
  return { kind: 'apiKey', apiKeyId: key.id, staffId: key.createdById, partnerId: key.partnerId, permissions };
}

const loginSchema = z.object({
  username: z.string().trim().toLowerCase().min(1, 'is required').max(100),
  password: z.string().min(1, 'is required').max(1000),
  totpCode: z.string().trim().regex(/^\d{6}$/, 'must be 6 digits').nullish(),
});

/** Signs a staff member in: password, then the TOTP code when two-factor is on. */
export async function login(ctx: LoginContext, input: z.input<typeof loginSchema>) {
  const { username, password, totpCode } = parseInput(loginSchema, input);
  const { byUser, byIp } = ctx.loginLimiter;
  const ip = ctx.ip ?? 'unknown';
  const wait = Math.max(byUser.retryAfter(username), byIp.retryAfter(ip));
  if (wait > 0) throw new TooManyAttemptsError(wait);
  const staff = await ctx.db.staffUser.findUnique({ where: { username } });
  // Verify against a throwaway hash when there is no such user, so timing does not tell.
  const ok = await verifyPassword(staff?.passwordHash ?? DUMMY_PASSWORD_HASH, password);
  const fail = async (error: Error) => {
    byUser.fail(username);
    byIp.fail(ip);
    await change(
      ctx,
      (_tx, changes) => changes.audit({ action: 'auth.login.failed', entity: 'StaffUser', entityId: staff?.id ?? username, after: { reason: error.name } }),
      actorOf(null, ctx.ip),
    );
    return error;
  };
  if (!staff || !ok || !staff.active) throw await fail(new InvalidCredentialsError());
  if (staff.totpEnabled) {
    if (!totpCode) throw new TwoFactorRequiredError();
    if (!verifyTotp(ctx.secrets.open(staff.totpSecretEnc!), totpCode)) throw await fail(new InvalidTwoFactorCodeError());
  }
  byUser.reset(username);
  const token = newToken(SESSION_PREFIX);
  const actor: Actor = { type: 'STAFF', staffId: staff.id, apiKeyId: null, ip: ctx.ip };
  const session = await change(ctx, async (tx, changes) => {
    const session = await tx.staffSession.create({
      data: { tokenHash: tokenHash(token), staffId: staff.id, ip: ctx.ip, userAgent: ctx.userAgent?.slice(0, 300) ?? null, expiresAt: new Date(Date.now() + SESSION_IDLE_MS) },
    });
    await tx.staffUser.update({ where: { id: staff.id }, data: { lastLoginAt: new Date() } });
    await changes.audit({ action: 'auth.login', entity: 'StaffSession', entityId: session.id, partnerId: staff.partnerId });
    return session;
  }, actor);
  return { token, session, staff };
}

/** Ends a session: the staff member's own, or anyone's with staff:write. */
export async function revokeSession(ctx: ServiceContext, sessionId: number) {
  const p = ctx.principal;
  return change(ctx, async (tx, changes) => {
    const session = await tx.staffSession.findUnique({ where: { id: sessionId }, include: { staff: true } });
    const own = p?.kind === 'staff' && session?.staffId === p.staffId;
    const admin = p?.kind !== 'customer' && p?.permissions.has('staff:write') && (p.partnerId === null || p.partnerId === session?.staff.partnerId);
    if (!session || (!own && !admin)) throw new NotAllowedError('you may end only your own sessions', 'id');
    const revoked = await tx.staffSession.update({ where: { id: sessionId }, data: { revokedAt: session.revokedAt ?? new Date() } });
    await changes.audit({ action: 'auth.session.revoke', entity: 'StaffSession', entityId: sessionId, partnerId: session.staff.partnerId });
    return revoked;
  });
}

const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'is required').max(1000),
  newPassword: passwordSchema,
});

/**
 * Changes the signed-in staff member's own password, after the current one; their other sessions
 * end (a password change is what someone does after a leak). Wrong current passwords count
 * towards the sign-in limit, so a stolen session cannot be used to guess the password.
 */
export async function changeMyPassword(ctx: ServiceContext & Pick<LoginContext, 'loginLimiter'>, input: z.input<typeof changePasswordSchema>) {
  const { currentPassword, newPassword } = parseInput(changePasswordSchema, input);
  if (ctx.principal?.kind !== 'staff') throw new NotAllowedError('only a signed-in staff member has a password to change');
  const { staffId, sessionId } = ctx.principal;
  const staff = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: staffId } });
  const wait = ctx.loginLimiter.byUser.retryAfter(staff.username);
  if (wait > 0) throw new TooManyAttemptsError(wait);
  if (!(await verifyPassword(staff.passwordHash, currentPassword))) {
    ctx.loginLimiter.byUser.fail(staff.username);
    throw new NotAllowedError('this is not your current password', 'input.currentPassword');
  }
  if (newPassword === currentPassword) throw new NotAllowedError('choose a password other than the current one', 'input.newPassword');
  const passwordHash = await hashPassword(newPassword);
  return change(ctx, async (tx, changes) => {
    const updated = await tx.staffUser.update({ where: { id: staffId }, data: { passwordHash } });
    await tx.staffSession.updateMany({ where: { staffId, revokedAt: null, id: { not: sessionId } }, data: { revokedAt: new Date() } });
    await changes.audit({ action: 'auth.password.change', entity: 'StaffUser', entityId: staffId, partnerId: updated.partnerId });
    return updated;
  });
}

// ── TOTP (RFC 6238: SHA-1, 6 digits, 30 s; one step of clock drift either way) ─────────────

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, account: string): string {
  return new OTPAuth.TOTP({ issuer: 'Backhaul', label: account, secret: OTPAuth.Secret.fromBase32(secret) }).toString();
}

export function verifyTotp(secret: string, code: string, timestamp = Date.now()): boolean {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
  return totp.validate({ token: code, window: 1, timestamp }) !== null;
}

/** Starts two-factor set-up for the signed-in staff member: a new secret, not yet enforced. */
export async function beginTotpSetup(ctx: ServiceContext) {
  const staffId = signedInStaff(ctx);
  const secret = newTotpSecret();
  return change(ctx, async (tx, changes) => {
    const staff = await tx.staffUser.update({ where: { id: staffId }, data: { totpSecretEnc: ctx.secrets.seal(secret), totpEnabled: false } });
    await changes.audit({ action: 'auth.totp.begin', entity: 'StaffUser', entityId: staffId, partnerId: staff.partnerId });
    return { secret, uri: totpUri(secret, staff.username) };
  });
}

/** Turns two-factor on once the staff member proves their app produces the right codes. */
export async function confirmTotpSetup(ctx: ServiceContext, code: string) {
  const staffId = signedInStaff(ctx);
  return change(ctx, async (tx, changes) => {
    const staff = await tx.staffUser.findUniqueOrThrow({ where: { id: staffId } });
    if (!staff.totpSecretEnc || !verifyTotp(ctx.secrets.open(staff.totpSecretEnc), code)) throw new InvalidTwoFactorCodeError();
    const updated = await tx.staffUser.update({ where: { id: staffId }, data: { totpEnabled: true } });
    await changes.audit({ action: 'auth.totp.enable', entity: 'StaffUser', entityId: staffId, partnerId: staff.partnerId });
    return updated;
  });
}

function signedInStaff(ctx: ServiceContext): number {
  if (ctx.principal?.kind !== 'staff') throw new NotAllowedError('only a signed-in staff member can set up two-factor authentication');
  return ctx.principal.staffId;
}
