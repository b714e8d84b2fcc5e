/**
 * Between the customer form (strings as typed) and the API's inputs. Pure: tested without a
 * browser. Empty optional fields are left out when creating and cleared (null) when editing.
 */

export interface CustomerRecord {
  name: string;
  email: string | null;
  phone: string | null;
  street: string | null;
  zip: string | null;
  city: string | null;
  country: string | null;
  idDocument: string | null;
  dateOfBirth: string | null;
  billingType: 'RECURRING' | 'PREPAID';
  billingDay: number;
  paymentDueDays: number;
  graceDays: number;
  minimalBalance: string;
  marketingConsent: boolean;
}

export interface CustomerFormFields {
  name: string;
  email: string;
  phone: string;
  street: string;
  zip: string;
  city: string;
  country: string;
  idDocument: string;
  dateOfBirth: string;
  billingType: 'RECURRING' | 'PREPAID';
  billingDay: string;
  paymentDueDays: string;
  graceDays: string;
  minimalBalance: string;
  marketingConsent: boolean;
  partnerId: string;
}

export const EMPTY_CUSTOMER: CustomerFormFields = {
  name: '',
  email: '',
  phone: '',
  street: '',
  zip: '',
  city: '',
  country: '',
  idDocument: '',
  dateOfBirth: '',
  billingType: 'RECURRING',
  billingDay: '1',
  paymentDueDays: '14',
  graceDays: '0',
  minimalBalance: '0.00',
  marketingConsent: false,
  partnerId: '',
};

export function formFromCustomer(c: CustomerRecord): CustomerFormFields {
  return {
    name: c.name,
    email: c.email ?? '',
    phone: c.phone ?? '',
    street: c.street ?? '',
    zip: c.zip ?? '',
    city: c.city ?? '',
    country: c.country ?? '',
    idDocument: c.idDocument ?? '',
    dateOfBirth: c.dateOfBirth ?? '',
    billingType: c.billingType,
    billingDay: String(c.billingDay),
    paymentDueDays: String(c.paymentDueDays),
    graceDays: String(c.graceDays),
    minimalBalance: c.minimalBalance,
    marketingConsent: c.marketingConsent,
    partnerId: '',
  };
}

/**
 * A whole number as typed, or the text itself so the server names the field's problem. A
 * `type="number"` input bound with Svelte holds a number (or null when emptied) once edited.
 */
export function int(value: string | number | null | undefined): number | null {
  const trimmed = String(value ?? '').trim();
  if (trimmed === '') return null;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

const TEXT_FIELDS = ['email', 'phone', 'street', 'zip', 'city', 'country', 'idDocument', 'dateOfBirth'] as const;
const INT_FIELDS = ['billingDay', 'paymentDueDays', 'graceDays'] as const;

/**
 * The input for `createCustomer` (`clearEmpty` false: empty fields omitted) or `updateCustomer`
 * (`clearEmpty` true: emptied fields sent as null). A number that does not parse is sent as is
 * and fails the server's validation, which names the field.
 */
export function customerInput(values: CustomerFormFields, clearEmpty: boolean): Record<string, unknown> {
  const input: Record<string, unknown> = { name: values.name.trim() };
  for (const key of TEXT_FIELDS) {
    const v = values[key].trim();
    if (v !== '') input[key] = key === 'country' ? v.toUpperCase() : v;
    else if (clearEmpty) input[key] = null;
  }
  for (const key of INT_FIELDS) {
    const n = int(values[key]);
    if (n !== null) input[key] = Number.isNaN(n) ? String(values[key]) : n;
  }
  if (values.minimalBalance.trim() !== '') input['minimalBalance'] = values.minimalBalance.trim();
  input['billingType'] = values.billingType;
  input['marketingConsent'] = values.marketingConsent;
  if (!clearEmpty && values.partnerId) input['partnerId'] = Number(values.partnerId);
  return input;
}

/** The form's field keys, to tell the API's field errors apart from the rest. */
export const CUSTOMER_FORM_FIELDS = Object.keys(EMPTY_CUSTOMER);
