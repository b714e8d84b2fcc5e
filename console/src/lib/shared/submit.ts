import { describeError } from '../api/errors';
import { splitDomainError, type DomainErrorLike, type FormErrors } from './domain-errors';

/**
 * Sends a form's mutation and reads its result union: on `success`, runs `then` with it; a
 * domain error goes to the form's fields (the rest to its banner), and an API that cannot be
 * reached to the banner. What a form's `onsave` returns.
 */
export async function submitForm<O extends { __typename: string }, S extends O['__typename']>(
  sent: Promise<O>,
  success: S,
  fields: readonly string[],
  then: (outcome: Extract<O, { __typename: S }>) => unknown,
): Promise<FormErrors | null> {
  try {
    const outcome = await sent;
    if (outcome.__typename !== success) return splitDomainError(outcome as unknown as DomainErrorLike, fields);
    await then(outcome as Extract<O, { __typename: S }>);
    return null;
  } catch (error) {
    return { fields: {}, general: describeError(error) };
  }
}

/** The same for a confirm dialog's action (delete, revoke): a failure as one message. */
export async function confirmAction<O extends { __typename: string }, S extends O['__typename']>(
  sent: Promise<O>,
  success: S,
  then: (outcome: Extract<O, { __typename: S }>) => unknown,
): Promise<{ message: string } | void> {
  const failed = await submitForm(sent, success, [], then);
  if (failed) return { message: failed.general ?? 'The change was refused.' };
}
