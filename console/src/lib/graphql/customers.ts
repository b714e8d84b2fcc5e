import { graphql } from './graphql';

/**
 * One page of the customer list. `count` is capped (cheap on 100,000 rows); the page is loaded
 * with first/after or last/before. Fields that need another permission are asked for only when
 * the staff member holds it, so a technician's query never fails on a forbidden field.
 */
export const CustomerListQuery = graphql(`
  query CustomerList(
    $filter: CustomerFilter
    $orderBy: CustomerOrder
    $first: Int
    $after: String
    $last: Int
    $before: String
    $countUpTo: Int!
    $withServices: Boolean!
  ) {
    customers(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      count(upTo: $countUpTo) { value exact }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node {
          id
          number
          name
          status
          email
          phone
          street
          zip
          city
          balance
          billingType
          createdAt
          partner { id name }
          services @include(if: $withServices) { id login mac status tariff { id name } }
        }
      }
    }
  }
`);

/** The choices of the list's filters and of the service form, a page at a time (cursor-page.ts `allNodes`). */
export const TariffChoicesQuery = graphql(`
  query TariffChoices($after: String) {
    tariffs(first: 100, after: $after) {
      edges { node { id number name downloadKbps uploadKbps price period archived } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const RouterChoicesQuery = graphql(`
  query RouterChoices($after: String) {
    routers(first: 100, after: $after) {
      edges { node { id number title nasIp } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const PartnerChoicesQuery = graphql(`
  query PartnerChoices($after: String) {
    partners(first: 100, after: $after) {
      edges { node { id number name } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const CustomerQuery = graphql(`
  query Customer($id: ID!, $withServices: Boolean!) {
    customer(id: $id) {
      id
      number
      name
      status
      statusReason
      email
      phone
      street
      zip
      city
      country
      idDocument
      dateOfBirth
      billingType
      billingDay
      paymentDueDays
      graceDays
      minimalBalance
      balance
      marketingConsent
      createdAt
      updatedAt
      partner { id number name }
      services @include(if: $withServices) {
        id
        number
        login
        mac
        status
        description
        startDate
        endDate
        simultaneousUse
        bindToRouter
        hasPassword
        tariff { id number name downloadKbps uploadKbps }
        router { id number title nasIp }
        ipAssignments { id address kind }
      }
    }
  }
`);

export const CustomerAuditQuery = graphql(`
  query CustomerAudit($customerNumber: Int!, $first: Int!, $after: String) {
    auditLogs(filter: { customerNumber: $customerNumber }, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges {
        node { id at action entity entityId actorType apiKeyName ip before after actorStaff { number username name } }
      }
    }
  }
`);

export const CustomerChangedSubscription = graphql(`
  subscription CustomerChanged($customerNumber: Int) {
    customerChanged(customerNumber: $customerNumber) { customerNumber change }
  }
`);

export const AuditLogAddedSubscription = graphql(`
  subscription AuditLogAdded($customerNumber: Int) {
    auditLogAdded(customerNumber: $customerNumber) { id }
  }
`);

export const CreateCustomerMutation = graphql(`
  mutation CreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) {
      __typename
      ... on CreateCustomerSuccess { data { id number } }
      ... on InputValidationError { issues { field message } }
      ... on DomainError { message code field }
    }
  }
`);

export const UpdateCustomerMutation = graphql(`
  mutation UpdateCustomer($id: ID!, $input: UpdateCustomerInput!) {
    updateCustomer(id: $id, input: $input) {
      __typename
      ... on UpdateCustomerSuccess { data { id number } }
      ... on InputValidationError { issues { field message } }
      ... on DomainError { message code field }
    }
  }
`);

export const SetCustomerStatusMutation = graphql(`
  mutation SetCustomerStatus($id: ID!, $status: CustomerStatus!, $reason: String) {
    setCustomerStatus(id: $id, status: $status, reason: $reason) {
      __typename
      ... on SetCustomerStatusSuccess { data { id status statusReason } }
      ... on InputValidationError { issues { field message } }
      ... on DomainError { message code field }
    }
  }
`);

export const CreateServiceMutation = graphql(`
  mutation CreateService($customerId: Int!, $input: ServiceInput!) {
    createService(customerId: $customerId, input: $input) {
      __typename
      ... on CreateServiceSuccess { data { id login } }
      ... on InputValidationError { issues { field message } }
      ... on DomainError { message code field }
    }
  }
`);

export const UpdateServiceMutation = graphql(`
  mutation UpdateService($id: ID!, $input: ServiceInput!) {
    updateService(id: $id, input: $input) {
      __typename
      ... on UpdateServiceSuccess { data { id login status tariff { id name } } }
      ... on InputValidationError { issues { field message } }
      ... on DomainError { message code field }
    }
  }
`);

export const CustomerChangesSubscription = graphql(`
  subscription CustomerChanges($batchMs: Int) {
    customerChanges(batchMs: $batchMs) { customerNumber change }
  }
`);
