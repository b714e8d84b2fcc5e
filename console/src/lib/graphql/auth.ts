import { graphql } from './graphql';

export const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      __typename
      ... on LoginSuccess { data { token expiresAt } }
      ... on TooManyAttemptsError { retryAfterSeconds }
      ... on InputValidationError { issues { field message } }
      ... on DomainError { message code field }
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout { logout }
`);

/** Who is signed in and what they may do: the layout shows only what these permissions allow. */
export const MeQuery = graphql(`
  query Me {
    me {
      id
      number
      username
      name
      totpEnabled
      preferences
      partner { id number name }
      role { id name }
    }
    myPermissions
  }
`);

export const UpdateMyPreferencesMutation = graphql(`
  mutation UpdateMyPreferences($preferences: JSON!) {
    updateMyPreferences(preferences: $preferences) {
      __typename
      ... on UpdateMyPreferencesSuccess { data { id preferences } }
      ... on DomainError { message code field }
    }
  }
`);
