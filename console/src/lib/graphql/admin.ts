import { MutationFailureFragment } from './errors';
import { graphql } from './graphql';

/**
 * The Administration section: staff, roles, API keys, partners, the audit log and the RADIUS
 * settings. Fields that need another permission than the page's are asked for only when the
 * staff member holds it (`@include`), so a narrower role's query never fails on one of them.
 * Fragments are masked (gql.tada): screens read them with `readFragment`.
 */

// ── staff ────────────────────────────────────────────────────────────────────────────────────

export const StaffListQuery = graphql(`
  query StaffList($first: Int, $after: String, $last: Int, $before: String, $withPartner: Boolean!) {
    staffUsers(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node {
          id
          number
          username
          name
          email
          active
          totpEnabled
          lastLoginAt
          role { id name permissions }
          partner @include(if: $withPartner) { id number name }
        }
      }
    }
  }
`);

/** The roles to choose from in the staff form, with their permissions (a role may not exceed yours). */
export const RoleChoicesQuery = graphql(`
  query RoleChoices {
    roles { id name permissions }
  }
`);

export const CreateStaffUserMutation = graphql(`
  mutation CreateStaffUser($input: StaffUserInput!) {
    createStaffUser(input: $input) {
      __typename
      ... on CreateStaffUserSuccess { data { id number username } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const UpdateStaffUserMutation = graphql(`
  mutation UpdateStaffUser($id: ID!, $input: StaffUserInput!) {
    updateStaffUser(id: $id, input: $input) {
      __typename
      ... on UpdateStaffUserSuccess { data { id username active } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const ResetStaffTotpMutation = graphql(`
  mutation ResetStaffTotp($id: ID!) {
    resetStaffTotp(id: $id) {
      __typename
      ... on ResetStaffTotpSuccess { data { id username totpEnabled } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

// ── roles ────────────────────────────────────────────────────────────────────────────────────

export const RolesQuery = graphql(`
  query Roles {
    roles { id name description permissions builtIn staffCount }
    permissions
  }
`);

export const CreateRoleMutation = graphql(`
  mutation CreateRole($input: RoleInput!) {
    createRole(input: $input) {
      __typename
      ... on CreateRoleSuccess { data { id name } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const UpdateRoleMutation = graphql(`
  mutation UpdateRole($id: ID!, $input: RoleInput!) {
    updateRole(id: $id, input: $input) {
      __typename
      ... on UpdateRoleSuccess { data { id name } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const DeleteRoleMutation = graphql(`
  mutation DeleteRole($id: ID!) {
    deleteRole(id: $id) {
      __typename
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

// ── API keys ─────────────────────────────────────────────────────────────────────────────────

export const ApiKeysQuery = graphql(`
  query ApiKeys($withCreator: Boolean!) {
    apiKeys {
      id
      name
      prefix
      scopes
      allowedIps
      expiresAt
      revokedAt
      lastUsedAt
      createdAt
      createdBy @include(if: $withCreator) { id name }
    }
    permissions
  }
`);

export const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($input: ApiKeyInput!) {
    createApiKey(input: $input) {
      __typename
      ... on CreateApiKeySuccess { data { key apiKey { id name prefix } } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      __typename
      ... on RevokeApiKeySuccess { data { id name revokedAt } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

// ── partners ─────────────────────────────────────────────────────────────────────────────────

export const PartnersQuery = graphql(`
  query Partners($first: Int, $after: String, $last: Int, $before: String, $withCustomers: Boolean!) {
    partners(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { id number name email phone createdAt customerCount @include(if: $withCustomers) } }
    }
  }
`);

export const CreatePartnerMutation = graphql(`
  mutation CreatePartner($input: PartnerInput!) {
    createPartner(input: $input) {
      __typename
      ... on CreatePartnerSuccess { data { id name } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const UpdatePartnerMutation = graphql(`
  mutation UpdatePartner($id: ID!, $input: PartnerInput!) {
    updatePartner(id: $id, input: $input) {
      __typename
      ... on UpdatePartnerSuccess { data { id name } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const DeletePartnerMutation = graphql(`
  mutation DeletePartner($id: ID!) {
    deletePartner(id: $id) {
      __typename
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

// ── audit log ────────────────────────────────────────────────────────────────────────────────

export const AuditEntryFragment = graphql(`
  fragment AuditEntry on AuditLog {
    id
    at
    action
    entity
    entityId
    customerNumber
    actorType
    apiKeyName
    ip
    before
    after
    actorStaff { number name username }
  }
`);

/** One page of the audit log, newest first. No total: counting a large log reads all of it. */
export const AuditLogsQuery = graphql(
  `
    query AuditLogs($filter: AuditLogFilter, $first: Int, $after: String, $last: Int, $before: String) {
      auditLogs(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { node { ...AuditEntry } }
      }
    }
  `,
  [AuditEntryFragment],
);

/** Each new audit row, whole, so the first page shows it without asking again. */
export const AuditLogStreamSubscription = graphql(
  `
    subscription AuditLogStream($customerNumber: Int) {
      auditLogAdded(customerNumber: $customerNumber) { ...AuditEntry }
    }
  `,
  [AuditEntryFragment],
);

/** The staff members to filter the audit log by (staff:read only). */
export const StaffChoicesQuery = graphql(`
  query StaffChoices($after: String) {
    staffUsers(first: 100, after: $after) {
      edges { node { id number name username } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

// ── settings ─────────────────────────────────────────────────────────────────────────────────

export const RadiusSettingsFragment = graphql(`
  fragment RadiusSettingsFields on RadiusSettings {
    blockedMode
    blockedAddressList
    blockedPool
    poolAddresses
    blockedRateKbps
    interimIntervalSeconds
    staleAfterIntervals
    sessionTimeoutSeconds
    authLogRetentionDays
  }
`);

export const RadiusTemplateFragment = graphql(`
  fragment RadiusTemplateFields on RadiusTemplate { vendor purpose attributes isDefault defaultAttributes updatedAt }
`);

export const SettingsQuery = graphql(
  `
    query Settings {
      radiusSettings { ...RadiusSettingsFields }
      radiusTemplates { ...RadiusTemplateFields }
      radiusTemplatePlaceholders { name description }
    }
  `,
  [RadiusSettingsFragment, RadiusTemplateFragment],
);

export const UpdateRadiusSettingsMutation = graphql(
  `
    mutation UpdateRadiusSettings($input: UpdateRadiusSettingsInput!) {
      updateRadiusSettings(input: $input) {
        __typename
        ... on UpdateRadiusSettingsSuccess { data { ...RadiusSettingsFields } }
        ...MutationFailure
      }
    }
  `,
  [RadiusSettingsFragment, MutationFailureFragment],
);

export const UpdateRadiusTemplateMutation = graphql(
  `
    mutation UpdateRadiusTemplate($vendor: RouterVendor!, $purpose: RadiusTemplatePurpose!, $attributes: String!) {
      updateRadiusTemplate(vendor: $vendor, purpose: $purpose, attributes: $attributes) {
        __typename
        ... on UpdateRadiusTemplateSuccess { data { ...RadiusTemplateFields } }
        ... on TemplateError { problems { line message } }
        ...MutationFailure
      }
    }
  `,
  [RadiusTemplateFragment, MutationFailureFragment],
);

export const ResetRadiusTemplateMutation = graphql(
  `
    mutation ResetRadiusTemplate($vendor: RouterVendor!, $purpose: RadiusTemplatePurpose!) {
      resetRadiusTemplate(vendor: $vendor, purpose: $purpose) {
        __typename
        ... on ResetRadiusTemplateSuccess { data { ...RadiusTemplateFields } }
        ...MutationFailure
      }
    }
  `,
  [RadiusTemplateFragment, MutationFailureFragment],
);

// ── your account ─────────────────────────────────────────────────────────────────────────────

export const MyAccountQuery = graphql(`
  query MyAccount {
    me { id number username name email totpEnabled lastLoginAt role { id name } partner { id name } }
    mySessions { id ip userAgent createdAt lastSeenAt expiresAt current }
  }
`);

export const ChangeMyPasswordMutation = graphql(`
  mutation ChangeMyPassword($input: ChangeMyPasswordInput!) {
    changeMyPassword(input: $input) {
      __typename
      ... on TooManyAttemptsError { retryAfterSeconds }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const BeginTotpSetupMutation = graphql(`
  mutation BeginTotpSetup {
    beginTotpSetup {
      __typename
      ... on BeginTotpSetupSuccess { data { secret uri } }
      ... on DomainError { message code field }
    }
  }
`);

export const ConfirmTotpSetupMutation = graphql(`
  mutation ConfirmTotpSetup($code: String!) {
    confirmTotpSetup(code: $code) {
      __typename
      ... on ConfirmTotpSetupSuccess { data { id totpEnabled } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const RevokeSessionMutation = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id) {
      __typename
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);
