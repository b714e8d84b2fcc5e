import { describe, expect, it } from 'vitest';
import { customerInput, EMPTY_CUSTOMER } from './customer-form';

describe('customer form → API input', () => {
  const values = { ...EMPTY_CUSTOMER, name: '  Ann ', email: '', phone: '+31 6 1', country: 'nl', billingDay: '5', graceDays: 'x' };

  it('leaves empty fields out when creating', () => {
    const input = customerInput(values, false);
    expect(input).toMatchObject({ name: 'Ann', phone: '+31 6 1', country: 'NL', billingDay: 5 });
    expect(input).not.toHaveProperty('email');
  });

  it('clears emptied fields when editing', () => {
    expect(customerInput(values, true)).toMatchObject({ email: null, street: null });
  });

  it('sends a number that does not parse as typed, so the server names the field', () => {
    expect(customerInput(values, false)['graceDays']).toBe('x');
  });

  it('takes the numbers an edited number field holds (Svelte binds them as numbers, or null when emptied)', () => {
    const edited = { ...values, billingDay: 12 as unknown as string, paymentDueDays: null as unknown as string, graceDays: '3' };
    expect(customerInput(edited, true)).toMatchObject({ billingDay: 12, graceDays: 3 });
    expect(customerInput(edited, true)).not.toHaveProperty('paymentDueDays');
  });
});
