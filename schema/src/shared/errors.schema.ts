import { builder } from '../builder.ts';
import {
  DomainError,
  DuplicateError,
  InputValidationError,
  InUseError,
  InvalidCredentialsError,
  InvalidTwoFactorCodeError,
  IpConflictError,
  IpOutsideNetworkError,
  NotAllowedError,
  NotFoundError,
  PoolExhaustedError,
  TooManyAttemptsError,
  TwoFactorRequiredError,
  type Issue,
} from './errors.ts';

export const DomainErrorInterface = builder.interfaceRef<DomainError>('DomainError').implement({
  description: 'An expected failure: the input or the state of the data does not allow the operation.',
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code', { description: 'A stable machine-readable code, e.g. DUPLICATE.' }),
    field: t.exposeString('field', {
      nullable: true,
      description: 'The input field the error concerns, as a path such as input.login.',
    }),
  }),
});

const InputIssue = builder.objectRef<Issue>('InputIssue').implement({
  fields: (t) => ({ field: t.exposeString('field'), message: t.exposeString('message') }),
});

const simple = [
  [InUseError, 'InUseError'],
  [InvalidCredentialsError, 'InvalidCredentialsError'],
  [InvalidTwoFactorCodeError, 'InvalidTwoFactorCodeError'],
  [TwoFactorRequiredError, 'TwoFactorRequiredError'],
  [NotAllowedError, 'NotAllowedError'],
] as const;
for (const [cls, name] of simple) {
  builder.objectType(cls, { name, interfaces: [DomainErrorInterface], isTypeOf: (v) => v instanceof cls, fields: () => ({}) });
}

builder.objectType(InputValidationError, {
  name: 'InputValidationError',
  interfaces: [DomainErrorInterface],
  fields: (t) => ({ issues: t.field({ type: [InputIssue], resolve: (e) => [...e.issues] }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [DomainErrorInterface],
  fields: (t) => ({ entity: t.exposeString('entity'), id: t.string({ resolve: (e) => String(e.id) }) }),
});

builder.objectType(DuplicateError, {
  name: 'DuplicateError',
  interfaces: [DomainErrorInterface],
  fields: (t) => ({ value: t.exposeString('value', { nullable: true }) }),
});

builder.objectType(IpOutsideNetworkError, {
  name: 'IpOutsideNetworkError',
  interfaces: [DomainErrorInterface],
  fields: (t) => ({ address: t.exposeString('address'), network: t.exposeString('network') }),
});

builder.objectType(IpConflictError, {
  name: 'IpConflictError',
  interfaces: [DomainErrorInterface],
  fields: (t) => ({ address: t.exposeString('address') }),
});

builder.objectType(PoolExhaustedError, {
  name: 'PoolExhaustedError',
  interfaces: [DomainErrorInterface],
  fields: (t) => ({ network: t.exposeString('network') }),
});

builder.objectType(TooManyAttemptsError, {
  name: 'TooManyAttemptsError',
  interfaces: [DomainErrorInterface],
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

/** The errors every mutation that takes input can return. */
export const INPUT_ERRORS = [InputValidationError, NotFoundError] as const;
