import { graphql } from './graphql';

/** A reject as the dashboard lists it. */
const RejectFieldsFragment = graphql(`
  fragment RejectFields on RadiusLogEntry @_unmask {
    id at login mac nasIp method reason reasonText router { id title } customer { id number name }
  }
`);

/** What the dashboard shows before the first live figures arrive, and again after a reconnect. */
export const DashboardQuery = graphql(`
  query Dashboard($since: DateTime!, $hourAgo: DateTime!) {
    history: onlineHistory(from: $hourAgo) { points { at online } }
    onlineSessions(first: 10) {
      totalCount
      edges { node { id login framedIp nasIp startedAt router { id title } customer { id number name } } }
    }
    stopped: sessionHistory(filter: { from: $since }, first: 10) {
      edges { node { id login framedIp nasIp startedAt stoppedAt terminateCause router { id title } customer { id number name } } }
    }
    rejects: radiusLog(filter: { result: [REJECT] }, first: 10) {
      edges { node { ...RejectFields } }
    }
  }
`, [RejectFieldsFragment]);

export const LatestRejectsQuery = graphql(`
  query LatestRejects {
    radiusLog(filter: { result: [REJECT] }, first: 10) {
      edges { node { ...RejectFields } }
    }
  }
`, [RejectFieldsFragment]);

/** The sessions a batch of changes names, in one request. */
export const SessionsByIdQuery = graphql(`
  query SessionsById($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on RadiusSession { id login framedIp nasIp startedAt stoppedAt terminateCause router { id title } customer { id number name } }
    }
  }
`);

export const RadiusRatesSubscription = graphql(`
  subscription RadiusRates($intervalMs: Int) {
    radiusRates(intervalMs: $intervalMs) {
      at
      intervalMs
      instances
      totals { online acceptsPerSecond rejectsPerSecond blockedPerSecond accountingPerSecond }
      nas { routerId title lastPacketAt online acceptsPerSecond rejectsPerSecond blockedPerSecond accountingPerSecond }
    }
  }
`);
