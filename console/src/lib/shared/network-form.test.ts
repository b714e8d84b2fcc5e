import { describe, expect, it } from 'vitest';
import { field, InputBuilder } from './network-form';

describe('form strings → API input', () => {
  it('leaves empty fields out when creating and clears them when editing', () => {
    expect(new InputBuilder('omit').text('model', ' ').int('port', '').build().input).toEqual({});
    expect(new InputBuilder('null').text('model', ' ').int('port', '').id('routerId', '').build().input).toEqual({ model: null, port: null, routerId: null });
  });

  it('sends required text even when empty, so the server names the field', () => {
    expect(new InputBuilder('omit').required('title', '  ').build().input).toEqual({ title: '' });
  });

  it('names a field whose number does not parse instead of sending it', () => {
    const { input, errors } = new InputBuilder('omit').int('coaPort', '37.5').decimal('price', 'ten').decimal('vat', '21,5').build();
    expect(errors).toEqual({ coaPort: 'must be a whole number', price: 'must be a number such as 12.50' });
    expect(input).toEqual({ vat: '21.5' });
  });

  it('shows absent numbers as empty fields', () => {
    expect([field(null), field(undefined), field(0), field('1.5')]).toEqual(['', '', '0', '1.5']);
  });
});
