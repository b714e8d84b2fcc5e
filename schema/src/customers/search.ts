/**
 * What the customer search box matches: name, contacts, address, and every service's login,
 * MAC and IP addresses, lower-cased in one string (trigram-indexed). Kept on the customer row
 * and rebuilt whenever the customer or one of its services changes.
 */
export interface SearchableCustomer {
  id: number;
  name: string;
  email?: string | null;
  phone?: string | null;
  street?: string | null;
  city?: string | null;
  zip?: string | null;
}

export interface SearchableService {
  login: string;
  mac?: string | null;
  addresses?: readonly string[];
}

export function customerSearchText(customer: SearchableCustomer, services: readonly SearchableService[] = []): string {
  const parts: string[] = [`#${customer.id}`, customer.name];
  for (const value of [customer.email, customer.phone, customer.street, customer.city, customer.zip]) {
    if (value) parts.push(value);
  }
  if (customer.phone) parts.push(customer.phone.replace(/\D/g, ''));
  for (const service of services) {
    parts.push(service.login);
    if (service.mac) parts.push(service.mac, service.mac.replace(/:/g, ''));
    for (const address of service.addresses ?? []) parts.push(address.replace(/\/(32|128)$/, ''));
  }
  return parts.join(' ').toLowerCase();
}

/** Normalises a search query the same way (lower case, trimmed, inner whitespace folded). */
export function normaliseSearchQuery(query: string): string {
  return query.trim().replace(/\s+/g, ' ').toLowerCase();
}
