import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffDirect } from '@backhaul/schema/admin/bootstrap.ts';
import { LOGIN, startTestServer, TEST_PASSWORD, type TestServer } from './support/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ loginLimit: 5 });
});
afterAll(() => s.close());

const login = (username: string, password = TEST_PASSWORD, totpCode?: string) => s.gql(LOGIN, { input: { username, password, totpCode } });
const code = (secret: string, offsetSeconds = 0) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + offsetSeconds * 1000 });

describe('Mutation.login', () => {
  it('signs a staff member in with the right password, and the token works', async () => {
    await createStaffDirect(s.database.db, { username: 'Alice', name: 'Alice', password: TEST_PASSWORD, role: 'Manager' });
    const res = await login('alice');
    expect(res.body.data?.login.__typename).toBe('LoginSuccess');
    const token = res.body.data?.login.data.token as string;
    const me = await s.gql('{ me { username role { name } } }', {}, token);
    expect(me.body.data?.me).toEqual({ username: 'alice', role: { name: 'Manager' } });
  });

  it('stores argon2id hashes, never the password', async () => {
    const row = await s.database.db.staffUser.findUniqueOrThrow({ where: { username: 'alice' } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(TEST_PASSWORD);
  });

  it('says wrong username or password alike, without telling which', async () => {
    const wrongPassword = await login('alice', 'not the password');
    const noSuchUser = await login('nobody-here', 'whatever-it-is');
    expect(wrongPassword.body.data?.login).toMatchObject({ __typename: 'InvalidCredentialsError', code: 'INVALID_CREDENTIALS' });
    expect(noSuchUser.body.data?.login).toEqual(wrongPassword.body.data?.login);
  });

  it('refuses further attempts after too many failures, saying when to retry', async () => {
    await createStaffDirect(s.database.db, { username: 'bob', name: 'Bob', password: TEST_PASSWORD, role: 'Manager' });
    for (let i = 0; i < 5; i++) await login('bob', 'guess-number-' + i);
    const locked = await login('bob');
    expect(locked.body.data?.login.__typename).toBe('TooManyAttemptsError');
    expect(locked.body.data?.login.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('audit-logs failed sign-ins', async () => {
    const rows = await s.database.db.auditLog.count({ where: { action: 'auth.login.failed' } });
    expect(rows).toBeGreaterThan(0);
  });
});

describe('two-factor authentication (TOTP)', () => {
  let secret: string;
  let token: string;

  beforeAll(async () => {
    ({ token } = await s.staff('Administrator', { username: 'carol' }));
  });

  it('is set up with a secret and confirmed with a code from the app', async () => {
    const begin = await s.gql('mutation { beginTotpSetup { __typename ... on BeginTotpSetupSuccess { data { secret uri } } } }', {}, token);
    secret = begin.body.data?.beginTotpSetup.data.secret;
    expect(begin.body.data?.beginTotpSetup.data.uri).toMatch(/^otpauth:\/\/totp\/Backhaul:carol\?/);
    const wrong = await s.gql('mutation($c: String!) { confirmTotpSetup(code: $c) { __typename } }', { c: '000000' }, token);
    expect(wrong.body.data?.confirmTotpSetup.__typename).toBe('InvalidTwoFactorCodeError');
    const ok = await s.gql('mutation($c: String!) { confirmTotpSetup(code: $c) { __typename ... on ConfirmTotpSetupSuccess { data { totpEnabled } } } }', { c: code(secret) }, token);
    expect(ok.body.data?.confirmTotpSetup.data.totpEnabled).toBe(true);
  });

  it('keeps the TOTP secret encrypted at rest', async () => {
    const row = await s.database.db.staffUser.findUniqueOrThrow({ where: { username: 'carol' } });
    expect(row.totpSecretEnc).toMatch(/^v1:/);
    expect(row.totpSecretEnc).not.toContain(secret);
  });

  it('asks for the code after the right password', async () => {
    const res = await login('carol');
    expect(res.body.data?.login).toMatchObject({ __typename: 'TwoFactorRequiredError', field: 'input.totpCode' });
  });

  it('refuses a wrong code', async () => {
    const res = await login('carol', TEST_PASSWORD, code(secret, -600));
    expect(res.body.data?.login.__typename).toBe('InvalidTwoFactorCodeError');
  });

  it('signs in with the right code', async () => {
    const res = await login('carol', TEST_PASSWORD, code(secret));
    expect(res.body.data?.login.__typename).toBe('LoginSuccess');
  });
});

describe('Mutation.updateMyPreferences', () => {
  it('keeps each staff member’s console choices, such as list columns', async () => {
    const { token } = await s.staff('Technician');
    const saved = await s.gql('mutation($p: JSON!) { updateMyPreferences(preferences: $p) { __typename } }', { p: { customerColumns: ['name', 'city'] } }, token);
    expect(saved.body.data?.updateMyPreferences.__typename).toBe('UpdateMyPreferencesSuccess');
    const me = await s.gql('{ me { preferences } }', {}, token);
    expect(me.body.data?.me.preferences).toEqual({ customerColumns: ['name', 'city'] });
    const bad = await s.gql('mutation { updateMyPreferences(preferences: [1, 2]) { __typename ... on InputValidationError { issues { field } } } }', {}, token);
    expect(bad.body.data?.updateMyPreferences.issues[0].field).toBe('preferences');
  });
});

describe('sessions', () => {
  it('end on logout: the token then gets 401', async () => {
    const { token } = await s.staff('Technician');
    expect((await s.gql('mutation { logout }', {}, token)).body.data?.logout).toBe(true);
    const after = await s.gql('{ myPermissions }', {}, token);
    expect(after.status).toBe(401);
  });

  it('can be revoked by an administrator, and end when the password changes', async () => {
    const admin = await s.staff('Super administrator');
    const tech = await s.staff('Technician', { username: 'dave' });
    const sessions = await s.database.db.staffSession.findMany({ where: { staffId: tech.id } });
    const id = Buffer.from(`StaffSession:${sessions[0]!.id}`).toString('base64');
    const revoked = await s.gql('mutation($id: ID!) { revokeSession(id: $id) { __typename } }', { id }, admin.token);
    expect(revoked.body.data?.revokeSession.__typename).toBe('RevokeSessionSuccess');
    expect((await s.gql('{ myPermissions }', {}, tech.token)).status).toBe(401);

    const again = (await login('dave')).body.data?.login.data.token as string;
    const staffId = Buffer.from(`StaffUser:${tech.id}`).toString('base64');
    await s.gql('mutation($id: ID!) { updateStaffUser(id: $id, input: { password: "a brand new password" }) { __typename } }', { id: staffId }, admin.token);
    expect((await s.gql('{ myPermissions }', {}, again)).status).toBe(401);
  });
});

describe('Mutation.updateStaffUser', () => {
  const UPDATE = `mutation($id: ID!, $input: StaffUserInput!) { updateStaffUser(id: $id, input: $input) {
    __typename ... on UpdateStaffUserSuccess { data { active role { name } } } ... on DomainError { message field } } }`;
  const gid = (id: number) => Buffer.from(`StaffUser:${id}`).toString('base64');

  it('refuses to let staff members deactivate themselves or change their own role', async () => {
    const admin = await s.staff('Super administrator', { username: 'self-admin' });
    const manager = await s.database.db.role.findFirstOrThrow({ where: { name: 'Manager' } });
    const off = await s.gql(UPDATE, { id: gid(admin.id), input: { active: false } }, admin.token);
    expect(off.body.data?.updateStaffUser).toMatchObject({ __typename: 'NotAllowedError', field: 'input.active' });
    const demoted = await s.gql(UPDATE, { id: gid(admin.id), input: { roleId: manager.id } }, admin.token);
    expect(demoted.body.data?.updateStaffUser).toMatchObject({ __typename: 'NotAllowedError', field: 'input.roleId' });
    expect((await s.database.db.staffUser.findUniqueOrThrow({ where: { id: admin.id } })).active).toBe(true);

    // Another administrator may do both.
    const other = await s.staff('Super administrator', { username: 'other-admin' });
    const done = await s.gql(UPDATE, { id: gid(admin.id), input: { active: false, roleId: manager.id } }, other.token);
    expect(done.body.data?.updateStaffUser).toMatchObject({ __typename: 'UpdateStaffUserSuccess', data: { active: false, role: { name: 'Manager' } } });
  });
});

describe('Mutation.changeMyPassword', () => {
  const CHANGE = `mutation($input: ChangeMyPasswordInput!) { changeMyPassword(input: $input) {
    __typename ... on DomainError { message field } ... on TooManyAttemptsError { retryAfterSeconds } } }`;

  it('changes the password after the current one, ending the other sessions but not this one', async () => {
    const me = await s.staff('Technician', { username: 'erin' });
    const other = (await login('erin')).body.data?.login.data.token as string;
    const res = await s.gql(CHANGE, { input: { currentPassword: TEST_PASSWORD, newPassword: 'a new long password' } }, me.token);
    expect(res.body.data?.changeMyPassword.__typename).toBe('ChangeMyPasswordSuccess');
    expect((await s.gql('{ myPermissions }', {}, me.token)).status).toBe(200);
    expect((await s.gql('{ myPermissions }', {}, other)).status).toBe(401);
    expect((await login('erin', 'a new long password')).body.data?.login.__typename).toBe('LoginSuccess');
  });

  it('refuses a wrong current password next to its field, and counts it towards the sign-in limit', async () => {
    const me = await s.staff('Technician', { username: 'frank' });
    const wrong = await s.gql(CHANGE, { input: { currentPassword: 'not it', newPassword: 'a new long password' } }, me.token);
    expect(wrong.body.data?.changeMyPassword).toMatchObject({ __typename: 'NotAllowedError', field: 'input.currentPassword' });
    for (let i = 0; i < 5; i++) await s.gql(CHANGE, { input: { currentPassword: 'not it', newPassword: 'a new long password' } }, me.token);
    const limited = await s.gql(CHANGE, { input: { currentPassword: TEST_PASSWORD, newPassword: 'a new long password' } }, me.token);
    expect(limited.body.data?.changeMyPassword.__typename).toBe('TooManyAttemptsError');
  });
});

describe('API keys', () => {
  const CREATE = `mutation($input: ApiKeyInput!) { createApiKey(input: $input) {
    __typename ... on CreateApiKeySuccess { data { key apiKey { id prefix scopes } } } ... on DomainError { message field } } }`;

  it('are shown once, stored hashed, and carry only their scopes', async () => {
    const admin = await s.staff('Super administrator');
    const res = await s.gql(CREATE, { input: { name: 'billing export', scopes: ['customers:read'] } }, admin.token);
    const { key, apiKey } = res.body.data?.createApiKey.data;
    expect(key).toMatch(/^bhk_/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    const stored = await s.database.db.apiKey.findFirstOrThrow({ where: { name: 'billing export' } });
    expect(JSON.stringify(stored)).not.toContain(key);
    expect((await s.gql('{ customers(first: 1) { totalCount } }', {}, key)).body.data?.customers.totalCount).toBe(0);
    const write = await s.gql('mutation { createPartner(input: { name: "Nope" }) { __typename } }', {}, key);
    expect(write.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('cannot be given permissions its creator does not have', async () => {
    const tech = await s.staff('Technician');
    const manager = await s.staff('Super administrator');
    // A technician cannot create keys at all; a super administrator can grant only what it holds.
    const denied = await s.gql(CREATE, { input: { name: 'x', scopes: ['roles:write'] } }, tech.token);
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ok = await s.gql(CREATE, { input: { name: 'y', scopes: ['roles:write'] } }, manager.token);
    expect(ok.body.data?.createApiKey.__typename).toBe('CreateApiKeySuccess');
  });

  it('are refused from an address outside their allow-list', async () => {
    const admin = await s.staff('Super administrator');
    const res = await s.gql(CREATE, { input: { name: 'office only', scopes: ['customers:read'], allowedIps: ['192.0.2.0/24'] } }, admin.token);
    const blocked = await s.gql('{ myPermissions }', {}, res.body.data?.createApiKey.data.key);
    expect(blocked.status).toBe(401);
    expect(blocked.body.errors?.[0]?.message).toMatch(/may not be used from 127\.0\.0\.1/);
    const local = await s.gql(CREATE, { input: { name: 'loopback', scopes: ['customers:read'], allowedIps: ['127.0.0.0/8'] } }, admin.token);
    expect((await s.gql('{ myPermissions }', {}, local.body.data?.createApiKey.data.key)).status).toBe(200);
  });

  it('stop working once revoked', async () => {
    const admin = await s.staff('Super administrator');
    const res = await s.gql(CREATE, { input: { name: 'to revoke', scopes: ['customers:read'] } }, admin.token);
    const { key, apiKey } = res.body.data?.createApiKey.data;
    await s.gql('mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }', { id: apiKey.id }, admin.token);
    const after = await s.gql('{ myPermissions }', {}, key);
    expect(after.status).toBe(401);
    expect(after.body.errors?.[0]?.message).toMatch(/revoked/);
  });
});
