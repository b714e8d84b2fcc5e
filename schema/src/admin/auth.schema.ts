import { builder } from '../builder.ts';
import { INPUT_ERRORS } from '../shared/errors.schema.ts';
import {
  InvalidCredentialsError,
  InvalidTwoFactorCodeError,
  NotAllowedError,
  TooManyAttemptsError,
  TwoFactorRequiredError,
} from '../shared/errors.ts';
import { authenticate, beginTotpSetup, changeMyPassword, confirmTotpSetup, login, revokeSession } from './auth.service.ts';
import { StaffUser } from './staff.schema.ts';
import { updateMyPreferences } from './staff.service.ts';

export const StaffSession = builder.prismaNode('StaffSession', {
  id: { field: 'id' },
  authScopes: { staff: true },
  fields: (t) => ({
    ip: t.exposeString('ip', { nullable: true }),
    userAgent: t.exposeString('userAgent', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    current: t.boolean({ resolve: (s, _a, ctx) => ctx.principal?.kind === 'staff' && ctx.principal.sessionId === s.id }),
  }),
});

const LoginPayload = builder
  .objectRef<{ token: string; session: { expiresAt: Date }; staff: { id: number } }>('LoginPayload')
  .implement({
    fields: (t) => ({
      token: t.exposeString('token', { description: 'Send as "Authorization: Bearer <token>" (HTTP) or connectionParams.authorization (WebSocket).' }),
      expiresAt: t.field({ type: 'DateTime', resolve: (p) => p.session.expiresAt }),
      staff: t.prismaField({ type: 'StaffUser', resolve: (query, p, _a, ctx) => ctx.db.staffUser.findUniqueOrThrow({ ...query, where: { id: p.staff.id } }) }),
    }),
  });

const TotpSetup = builder.objectRef<{ secret: string; uri: string }>('TotpSetup').implement({
  fields: (t) => ({
    secret: t.exposeString('secret', { description: 'Base32, for typing into an authenticator app.' }),
    uri: t.exposeString('uri', { description: 'otpauth:// URI, for a QR code.' }),
  }),
});

const LoginInput = builder.inputType('LoginInput', {
  fields: (t) => ({
    username: t.string({ required: true }),
    password: t.string({ required: true }),
    totpCode: t.string({ description: 'The 6-digit code, when two-factor authentication is on.' }),
  }),
});

const ChangeMyPasswordInput = builder.inputType('ChangeMyPasswordInput', {
  fields: (t) => ({
    currentPassword: t.string({ required: true }),
    newPassword: t.string({ required: true, description: 'At least 10 characters.' }),
  }),
});

builder.queryFields((t) => ({
  me: t.prismaField({
    type: StaffUser,
    nullable: true,
    description: 'The signed-in staff member (null for API keys and anonymous requests).',
    authScopes: { staff: true },
    resolve: (query, _p, _a, ctx) =>
      ctx.principal?.kind === 'staff' ? ctx.db.staffUser.findUnique({ ...query, where: { id: ctx.principal.staffId } }) : null,
  }),
  myPermissions: t.stringList({
    authScopes: { staff: true },
    resolve: (_p, _a, ctx) => (ctx.principal && ctx.principal.kind !== 'customer' ? [...ctx.principal.permissions].sort() : []),
  }),
  mySessions: t.prismaField({
    type: [StaffSession],
    authScopes: { staff: true },
    resolve: (query, _p, _a, ctx) =>
      ctx.principal?.kind === 'staff'
        ? ctx.db.staffSession.findMany({ ...query, where: { staffId: ctx.principal.staffId, revokedAt: null, expiresAt: { gt: new Date() } }, orderBy: { lastSeenAt: 'desc' } })
        : [],
  }),
}));

builder.mutationFields((t) => ({
  login: t.field({
    type: LoginPayload,
    description: 'Signs a staff member in. With two-factor on, the first call without a code returns TwoFactorRequiredError.',
    authScopes: { public: true },
    errors: { types: [...INPUT_ERRORS, InvalidCredentialsError, TwoFactorRequiredError, InvalidTwoFactorCodeError, TooManyAttemptsError] },
    args: { input: t.arg({ type: LoginInput, required: true }) },
    resolve: async (_p, { input }, ctx) => {
      const result = await login(ctx, input);
      // The rest of this response is read by the member who just signed in.
      ctx.principal = await authenticate(ctx.db, `Bearer ${result.token}`, ctx.ip);
      return result;
    },
  }),
  logout: t.boolean({
    description: 'Ends the current session.',
    authScopes: { staff: true },
    resolve: async (_p, _a, ctx) => {
      if (ctx.principal?.kind !== 'staff') return false;
      await revokeSession(ctx, ctx.principal.sessionId);
      return true;
    },
  }),
  revokeSession: t.field({
    type: StaffSession,
    authScopes: { staff: true },
    errors: { types: [...INPUT_ERRORS, NotAllowedError] },
    args: { id: t.arg.globalID({ required: true, for: StaffSession }) },
    resolve: (_p, { id }, ctx) => revokeSession(ctx, Number(id.id)),
  }),
  changeMyPassword: t.field({
    type: StaffUser,
    description: 'Changes your own password after checking the current one; your other sessions end.',
    authScopes: { staff: true },
    errors: { types: [...INPUT_ERRORS, NotAllowedError, TooManyAttemptsError] },
    args: { input: t.arg({ type: ChangeMyPasswordInput, required: true }) },
    resolve: (_p, { input }, ctx) => changeMyPassword(ctx, input),
  }),
  beginTotpSetup: t.field({
    type: TotpSetup,
    description: 'Starts two-factor set-up: scan the URI, then confirm with a code.',
    authScopes: { staff: true },
    errors: { types: [NotAllowedError] },
    resolve: (_p, _a, ctx) => beginTotpSetup(ctx),
  }),
  updateMyPreferences: t.field({
    type: StaffUser,
    description: 'Saves your console preferences, such as the chosen columns of each list.',
    authScopes: { staff: true },
    errors: { types: [...INPUT_ERRORS, NotAllowedError] },
    args: { preferences: t.arg({ type: 'JSON', required: true }) },
    resolve: (_p, { preferences }, ctx) => updateMyPreferences(ctx, preferences),
  }),
  confirmTotpSetup: t.field({
    type: StaffUser,
    authScopes: { staff: true },
    errors: { types: [...INPUT_ERRORS, NotAllowedError, InvalidTwoFactorCodeError] },
    args: { code: t.arg.string({ required: true }) },
    resolve: (_p, { code }, ctx) => confirmTotpSetup(ctx, code),
  }),
}));
