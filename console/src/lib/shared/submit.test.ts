import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { confirmAction, submitForm } from './submit';

type Outcome = { __typename: 'SaveSuccess'; data: { name: string } } | { __typename: 'InputValidationError'; message: string; issues: Array<{ field: string; message: string }> };

describe('submitting a form’s mutation', () => {
  it('runs the success step and returns no errors', async () => {
    let saved = '';
    const sent = Promise.resolve<Outcome>({ __typename: 'SaveSuccess', data: { name: 'Home 50' } });
    expect(await submitForm(sent, 'SaveSuccess', ['name'], (o) => (saved = o.data.name))).toBeNull();
    expect(saved).toBe('Home 50');
  });

  it('puts a domain error at its field, and the rest in the banner', async () => {
    const sent = Promise.resolve<Outcome>({
      __typename: 'InputValidationError',
      message: 'invalid input',
      issues: [{ field: 'input.name', message: 'is taken' }, { field: 'input.other', message: 'is wrong' }],
    });
    expect(await submitForm(sent, 'SaveSuccess', ['name'], () => undefined)).toEqual({ fields: { name: 'is taken' }, general: 'other: is wrong' });
  });

  it('says when the API cannot be reached, and a confirm dialog gets one message', async () => {
    const down = () => Promise.reject(new ApiError('network', 'Cannot reach the API server.'));
    expect(await submitForm<Outcome, 'SaveSuccess'>(down(), 'SaveSuccess', [], () => undefined)).toEqual({ fields: {}, general: 'Cannot reach the API server.' });
    expect(await confirmAction<Outcome, 'SaveSuccess'>(down(), 'SaveSuccess', () => undefined)).toEqual({ message: 'Cannot reach the API server.' });
  });
});
