import { graphql } from './graphql';

export const CustomerSessionsQuery = graphql(`
  query CustomerSessions($customerId: Int!) {
    onlineSessions(filter: { customerId: $customerId }, first: 20) {
      edges {
        node {
          id login framedIp framedIpv6Prefix mac nasIp startedAt updatedAt sessionTime rateLimit blocked
          inputOctets outputOctets
          router { id title }
          service { id login }
        }
      }
    }
  }
`);

/** One page of ended sessions, newest first (filter and paging from shared/session-history.ts). */
export const SessionHistoryQuery = graphql(`
  query SessionHistory($filter: RadiusSessionHistoryFilter!, $first: Int, $after: String, $last: Int, $before: String) {
    sessionHistory(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node {
          id login framedIp framedIpv6Prefix mac nasIp startedAt stoppedAt sessionTime terminateCause inputOctets outputOctets
          router { id title }
        }
      }
    }
  }
`);

/** A service's traffic per day (UTC), `from` to `to` inclusive. */
export const ServiceTrafficQuery = graphql(`
  query ServiceTraffic($id: ID!, $from: Date!, $to: Date!) {
    node(id: $id) {
      ... on Service { id traffic(from: $from, to: $to) { day inputOctets outputOctets } }
    }
  }
`);

export const SessionChangesSubscription = graphql(`
  subscription SessionChanges($filter: SessionChangesFilter, $batchMs: Int) {
    sessionChanges(filter: $filter, batchMs: $batchMs) { kind sessionId customerId routerId serviceId }
  }
`);

export const DisconnectSessionMutation = graphql(`
  mutation DisconnectSession($id: ID!) {
    disconnectSession(id: $id) {
      __typename
      ... on DisconnectSessionSuccess { data { action result attempts errorCause errorCauseName } }
      ... on RadiusUnavailableError { waitedMs }
      ... on DomainError { message code field }
    }
  }
`);

export const ChangeSessionRateMutation = graphql(`
  mutation ChangeSessionRate($id: ID!, $downloadKbps: Int!, $uploadKbps: Int!) {
    changeSessionRate(id: $id, downloadKbps: $downloadKbps, uploadKbps: $uploadKbps) {
      __typename
      ... on ChangeSessionRateSuccess { data { action result attempts errorCause errorCauseName rateLimit session { id rateLimit } } }
      ... on InputValidationError { issues { field message } }
      ... on DomainError { message code field }
    }
  }
`);

/** A customer's latest logins: accepted, accepted into the blocked state, or rejected and why. */
export const CustomerRadiusLogQuery = graphql(`
  query CustomerRadiusLog($customerId: Int!, $first: Int!) {
    radiusLog(filter: { customerId: $customerId }, first: $first) {
      edges { node { id at result reason reasonText login mac method nasIp router { id title } } }
    }
  }
`);

export const RadiusLogAddedSubscription = graphql(`
  subscription RadiusLogAdded($filter: RadiusLogAddedFilter, $batchMs: Int) {
    radiusLogAdded(filter: $filter, batchMs: $batchMs) { entryId result reason login routerId customerId }
  }
`);
