/**
 * From a form's strings (as typed) to an API input. GraphQL refuses a variable that is not an
 * Int or a Decimal before the server's validation runs, and then no field is named; so the
 * syntax of numbers is checked here, next to the field, and every rule beyond it (ranges, burst
 * rules, overlaps) is the server's. Pure: tested without a browser.
 */

export interface FormInput {
  input: Record<string, unknown>;
  /** Fields whose text is not a number, by the form's key. */
  errors: Record<string, string>;
}

/** What `InputBuilder` does with an empty field: leave it out (creating) or clear it (editing). */
export type EmptyAs = 'omit' | 'null';

export class InputBuilder {
  readonly input: Record<string, unknown> = {};
  readonly errors: Record<string, string> = {};

  constructor(private readonly empty: EmptyAs) {}

  /** Trimmed text the API requires: always sent, so an empty one is refused next to its field. */
  required(key: string, value: string): this {
    this.input[key] = value.trim();
    return this;
  }

  /** Trimmed text; empty is left out or cleared. */
  text(key: string, value: string): this {
    const v = value.trim();
    if (v !== '') this.input[key] = v;
    else if (this.empty === 'null') this.input[key] = null;
    return this;
  }

  /** A whole number. */
  int(key: string, value: string): this {
    const v = value.trim();
    if (v === '') {
      if (this.empty === 'null') this.input[key] = null;
    } else if (/^-?\d{1,15}$/.test(v)) this.input[key] = Number(v);
    else this.errors[key] = 'must be a whole number';
    return this;
  }

  /** An exact decimal as the API's Decimal scalar takes it; a decimal comma is accepted. */
  decimal(key: string, value: string): this {
    const v = value.trim().replace(',', '.');
    if (v === '') {
      if (this.empty === 'null') this.input[key] = null;
    } else if (/^-?\d+(\.\d+)?$/.test(v)) this.input[key] = v;
    else this.errors[key] = 'must be a number such as 12.50';
    return this;
  }

  /** A value sent as is (booleans, enums). */
  set(key: string, value: unknown): this {
    this.input[key] = value;
    return this;
  }

  /** A choice of a numbered record (`"12"`), or none. */
  id(key: string, value: string): this {
    if (value) this.input[key] = Number(value);
    else if (this.empty === 'null') this.input[key] = null;
    return this;
  }

  build(): FormInput {
    return { input: this.input, errors: this.errors };
  }
}

/** A number for a form field: `12` → "12", null → "". */
export function field(value: number | string | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
