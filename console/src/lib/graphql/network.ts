import { MutationFailureFragment } from './errors';
import { graphql } from './graphql';

/**
 * The Network section: tariffs, routers / NAS, IP networks and the RADIUS log. Fields that need
 * another permission (service counts, partners, customers) are asked for only when the staff
 * member holds it, so a technician's query never fails on a forbidden field.
 */

export const TariffListQuery = graphql(`
  query TariffList($includeArchived: Boolean!, $first: Int, $after: String, $last: Int, $before: String, $withServiceCount: Boolean!) {
    tariffs(includeArchived: $includeArchived, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node {
          id
          number
          name
          downloadKbps
          uploadKbps
          burstDownloadKbps
          burstUploadKbps
          burstThresholdDownKbps
          burstThresholdUpKbps
          burstTimeSeconds
          priority
          price
          vatRate
          period
          archived
          serviceCount @include(if: $withServiceCount)
        }
      }
    }
  }
`);

export const CreateTariffMutation = graphql(`
  mutation CreateTariff($input: TariffInput!) {
    createTariff(input: $input) {
      __typename
      ... on CreateTariffSuccess { data { id name } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const UpdateTariffMutation = graphql(`
  mutation UpdateTariff($id: ID!, $input: TariffInput!) {
    updateTariff(id: $id, input: $input) {
      __typename
      ... on UpdateTariffSuccess { data { id name archived } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const DeleteTariffMutation = graphql(`
  mutation DeleteTariff($id: ID!) {
    deleteTariff(id: $id) {
      __typename
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const RouterListQuery = graphql(`
  query RouterList($search: String, $first: Int, $after: String, $last: Int, $before: String, $withPartner: Boolean!) {
    routers(search: $search, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node {
          id
          number
          title
          vendor
          model
          ip
          nasIp
          requireMessageAuthenticator
          coaPort
          apiHost
          apiPort
          apiTls
          apiUser
          hasApiPassword
          location
          latitude
          longitude
          lastPacketAt
          partner @include(if: $withPartner) { id number name }
        }
      }
    }
  }
`);

export const CreateRouterMutation = graphql(`
  mutation CreateRouter($input: RouterInput!) {
    createRouter(input: $input) {
      __typename
      ... on CreateRouterSuccess { data { id title } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const UpdateRouterMutation = graphql(`
  mutation UpdateRouter($id: ID!, $input: RouterInput!) {
    updateRouter(id: $id, input: $input) {
      __typename
      ... on UpdateRouterSuccess { data { id title } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const DeleteRouterMutation = graphql(`
  mutation DeleteRouter($id: ID!) {
    deleteRouter(id: $id) {
      __typename
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

/** Audit-logged on the server: every look at a router's secrets is recorded. */
export const RevealRouterSecretsMutation = graphql(`
  mutation RevealRouterSecrets($id: ID!) {
    revealRouterSecrets(id: $id) {
      __typename
      ... on RevealRouterSecretsSuccess { data { radiusSecret apiPassword } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

/** A network as its list and its own page show it; needs the operation's `$withPartner`. */
const IpNetworkFieldsFragment = graphql(`
  fragment IpNetworkFields on IpNetwork @_unmask {
    id
    number
    cidr
    family
    usage
    title
    poolName
    delegatedPrefixLength
    gateway
    comment
    used
    capacity
    router { id number title }
    partner @include(if: $withPartner) { id number name }
  }
`);

export const IpNetworkListQuery = graphql(`
  query IpNetworkList(
    $family: IpFamily
    $usage: IpNetworkUsage
    $routerId: Int
    $first: Int
    $after: String
    $last: Int
    $before: String
    $withPartner: Boolean!
  ) {
    ipNetworks(family: $family, usage: $usage, routerId: $routerId, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node { ...IpNetworkFields }
      }
    }
  }
`, [IpNetworkFieldsFragment]);

/** One network and a page of its assignments (optionally those inside `within`). */
export const IpNetworkQuery = graphql(`
  query IpNetwork(
    $id: ID!
    $networkId: Int!
    $within: String
    $first: Int
    $after: String
    $last: Int
    $before: String
    $withPartner: Boolean!
    $withServices: Boolean!
    $withCustomers: Boolean!
  ) {
    node(id: $id) {
      ... on IpNetwork { ...IpNetworkFields }
    }
    ipAssignments(networkId: $networkId, within: $within, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node {
          id
          number
          address
          kind
          description
          createdAt
          service @include(if: $withServices) {
            id
            number
            login
            customer @include(if: $withCustomers) { id number name }
          }
        }
      }
    }
  }
`, [IpNetworkFieldsFragment]);

export const CreateIpNetworkMutation = graphql(`
  mutation CreateIpNetwork($input: IpNetworkInput!) {
    createIpNetwork(input: $input) {
      __typename
      ... on CreateIpNetworkSuccess { data { id number cidr } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const UpdateIpNetworkMutation = graphql(`
  mutation UpdateIpNetwork($id: ID!, $input: IpNetworkInput!) {
    updateIpNetwork(id: $id, input: $input) {
      __typename
      ... on UpdateIpNetworkSuccess { data { id number cidr } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const DeleteIpNetworkMutation = graphql(`
  mutation DeleteIpNetwork($id: ID!) {
    deleteIpNetwork(id: $id) {
      __typename
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const AssignIpMutation = graphql(`
  mutation AssignIp($input: AssignIpInput!) {
    assignIp(input: $input) {
      __typename
      ... on AssignIpSuccess { data { id address } }
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

export const UnassignIpMutation = graphql(`
  mutation UnassignIp($id: ID!) {
    unassignIp(id: $id) {
      __typename
      ...MutationFailure
    }
  }
`, [MutationFailureFragment]);

/** A page of the RADIUS log with the reject reasons its filter offers (one request). */
export const RadiusLogQuery = graphql(`
  query RadiusLog(
    $filter: RadiusLogFilter
    $first: Int
    $after: String
    $last: Int
    $before: String
    $withRouters: Boolean!
    $withCustomers: Boolean!
  ) {
    radiusLog(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node {
          id
          at
          result
          login
          mac
          method
          reason
          reasonText
          nasIp
          routerId
          customerId
          router @include(if: $withRouters) { id number title }
          customer @include(if: $withCustomers) { id number name }
        }
      }
    }
    radiusRejectReasons { code text }
  }
`);
