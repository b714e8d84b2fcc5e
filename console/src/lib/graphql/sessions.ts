import { graphql } from './graphql';

export const CustomerSessionsQuery = graphql(`
  query CustomerSessions($customerId: Int!, $historyFirst: Int!) {
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
    sessionHistory(filter: { customerId: $customerId }, first: $historyFirst) {
      edges {
        node {
          id login framedIp mac nasIp startedAt stoppedAt sessionTime terminateCause inputOctets outputOctets
          router { id title }
        }
      }
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
