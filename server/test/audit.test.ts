import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe('AuditLog.actorStaff', () => {
  it('names who made each change to audit readers who may not read staff records', async () => {
    const admin = await s.staff('Super administrator', { username: 'ada' });
    const created = await s.gql('mutation { createRole(input: { name: "Auditor", permissions: ["audit:read"] }) { __typename } }', {}, admin.token);
    expect(created.body.data?.createRole.__typename).toBe('CreateRoleSuccess');
    const auditor = await s.staff('Auditor');
    const res = await s.gql('{ auditLogs(filter: { action: "role.create" }, first: 5) { edges { node { action actorStaff { number name username } } } } }', {}, auditor.token);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.auditLogs.edges).toEqual([{ node: { action: 'role.create', actorStaff: { number: admin.id, name: 'Super administrator', username: 'ada' } } }]);
  });
});
