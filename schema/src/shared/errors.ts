/**
 * Expected failures. Each is a typed GraphQL object (see errors.schema.ts) returned in a
 * field's `<Field>Result` union; anything else is unexpected and masked by the server.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** The input field the error concerns, as a path like `input.login`, when there is one. */
  readonly field: string | null;

  constructor(message: string, field: string | null = null) {
    super(message);
    this.field = field;
  }
}

export interface Issue {
  field: string;
  message: string;
}

export class InputValidationError extends DomainError {
  readonly code = 'INVALID_INPUT';
  constructor(readonly issues: readonly Issue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues[0]?.field ?? null);
    this.name = 'InputValidationError';
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(readonly entity: string, readonly id: string | number, field: string | null = null) {
    super(`${entity} ${id} was not found`, field);
    this.name = 'NotFoundError';
  }
}

export class DuplicateError extends DomainError {
  readonly code = 'DUPLICATE';
  constructor(field: string, readonly value: string | null = null) {
    super(`${field.split('.').at(-1)} ${value === null ? '' : `"${value}" `}is already taken`, field);
    this.name = 'DuplicateError';
  }
}

export class InUseError extends DomainError {
  readonly code = 'IN_USE';
  constructor(message: string) {
    super(message);
    this.name = 'InUseError';
  }
}

export class IpOutsideNetworkError extends DomainError {
  readonly code = 'IP_OUTSIDE_NETWORK';
  constructor(readonly address: string, readonly network: string, field: string) {
    super(`${address} is outside network ${network}`, field);
    this.name = 'IpOutsideNetworkError';
  }
}

export class IpConflictError extends DomainError {
  readonly code = 'IP_CONFLICT';
  constructor(readonly address: string, field: string, message = `${address || 'the address'} overlaps an address or network already in use`) {
    super(message, field);
    this.name = 'IpConflictError';
  }
}

export class PoolExhaustedError extends DomainError {
  readonly code = 'POOL_EXHAUSTED';
  constructor(readonly network: string, field: string | null = null) {
    super(`network ${network} has no free address left`, field);
    this.name = 'PoolExhaustedError';
  }
}

export class InvalidCredentialsError extends DomainError {
  readonly code = 'INVALID_CREDENTIALS';
  constructor() {
    super('wrong username or password');
    this.name = 'InvalidCredentialsError';
  }
}

export class TwoFactorRequiredError extends DomainError {
  readonly code = 'TWO_FACTOR_REQUIRED';
  constructor() {
    super('enter the 6-digit code from your authenticator app', 'input.totpCode');
    this.name = 'TwoFactorRequiredError';
  }
}

export class InvalidTwoFactorCodeError extends DomainError {
  readonly code = 'INVALID_TWO_FACTOR_CODE';
  constructor() {
    super('the two-factor code is wrong or expired', 'input.totpCode');
    this.name = 'InvalidTwoFactorCodeError';
  }
}

export class TooManyAttemptsError extends DomainError {
  readonly code = 'TOO_MANY_ATTEMPTS';
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed attempts; try again in ${retryAfterSeconds} s`);
    this.name = 'TooManyAttemptsError';
  }
}

/** A rule of the domain forbids the change (not a missing permission: that is FORBIDDEN). */
export class NotAllowedError extends DomainError {
  readonly code = 'NOT_ALLOWED';
  constructor(message: string, field: string | null = null) {
    super(message, field);
    this.name = 'NotAllowedError';
  }
}
