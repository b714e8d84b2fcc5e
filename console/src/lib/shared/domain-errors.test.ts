import { describe, expect, it } from 'vitest';
import { fieldErrors, fieldKey, splitDomainError } from './domain-errors';

describe('domain errors on forms', () => {
  it('maps the API field path to the form field', () => {
    expect(fieldKey('input.email')).toBe('email');
    expect(fieldKey('input.ipAssignments.0.address')).toBe('ipAssignments.0.address');
    expect(fieldKey('reason')).toBe('reason');
  });

  it('keeps the first message per field', () => {
    expect(fieldErrors([{ field: 'input.phone', message: 'a' }, { field: 'input.phone', message: 'b' }])).toEqual({ phone: 'a' });
  });

  it('puts issues for fields the form has next to them and the rest in one banner message', () => {
    const split = splitDomainError(
      { __typename: 'InputValidationError', message: 'invalid', issues: [{ field: 'input.phone', message: 'is not a phone number' }, { field: 'input.customFields', message: 'too big' }] },
      ['phone', 'email'],
    );
    expect(split).toEqual({ fields: { phone: 'is not a phone number' }, general: 'customFields: too big' });
  });

  it('shows a DomainError with a field next to it, and one without as the banner', () => {
    expect(splitDomainError({ __typename: 'DuplicateError', message: 'login is taken', field: 'input.login' }, ['login'])).toEqual({ fields: { login: 'login is taken' }, general: null });
    expect(splitDomainError({ __typename: 'NotFoundError', message: 'no such tariff', field: null }, ['login'])).toEqual({ fields: {}, general: 'no such tariff' });
  });

  it('shows an issue about one entry of a list at the list field, naming the entry', () => {
    const split = splitDomainError(
      { __typename: 'InputValidationError', message: 'invalid', issues: [{ field: 'input.allowedIps.2', message: 'is not an address or network' }] },
      ['allowedIps'],
    );
    expect(split).toEqual({ fields: { allowedIps: 'Entry 3: is not an address or network' }, general: null });
  });
});
