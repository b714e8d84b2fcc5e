import { graphql } from './graphql';

/**
 * What a failed mutation returns, for `splitDomainError`: every expected error is a DomainError,
 * and a validation error adds its issues. Unmasked, so screens read it without `readFragment`.
 */
export const MutationFailureFragment = graphql(`
  fragment MutationFailure on DomainError @_unmask {
    message
    code
    field
    ... on InputValidationError { issues { field message } }
  }
`);
