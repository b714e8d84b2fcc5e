/**
 * Mapping the API's expected failures onto form fields. A DomainError names the input it
 * concerns as a path (`input.email`, `input.login`, `preferences`); forms key their fields by the
 * last part, so `input.email` lands next to the e-mail field.
 */

export interface DomainErrorLike {
  __typename: string;
  message: string;
  field?: string | null;
  issues?: ReadonlyArray<{ field: string; message: string }>;
}

/** `input.email` → `email`; `input.ipAssignments.0.address` → `ipAssignments.0.address`. */
export function fieldKey(path: string): string {
  const parts = path.split('.');
  return (parts[0] === 'input' ? parts.slice(1) : parts).join('.') || path;
}

/** Issues as `{ field: message }`, the first message per field. */
export function fieldErrors(issues: ReadonlyArray<{ field: string; message: string }>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = fieldKey(issue.field);
    errors[key] ??= issue.message;
  }
  return errors;
}

/** The form field an issue belongs to: the field itself, or the list or group it is part of. */
function formField(key: string, known: ReadonlySet<string>): string | null {
  const parts = key.split('.');
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join('.');
    if (known.has(candidate)) return candidate;
  }
  return null;
}

/** `2` → "Entry 3", `0.address` → "Entry 1 address": the part of a list field an issue is about. */
function describeItem(rest: string): string {
  return rest.replace(/^(\d+)/, (n) => `Entry ${Number(n) + 1}`).replace(/\./g, ' ');
}

/** What a form shows for a failed save: messages per field, and one for the rest. */
export interface FormErrors {
  fields: Record<string, string>;
  general: string | null;
}

/**
 * A mutation's failure split in two: messages for fields the form has, and one message for the
 * rest (shown as the form's banner), so nothing the server said is lost. An issue about one entry
 * of a list field (`input.allowedIps.2`) is shown at that field, naming the entry.
 */
export function splitDomainError(error: DomainErrorLike, formFields: readonly string[]): FormErrors {
  const known = new Set(formFields);
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  const issues = error.issues && error.issues.length > 0 ? error.issues : error.field ? [{ field: error.field, message: error.message }] : [];
  for (const issue of issues) {
    const key = fieldKey(issue.field);
    const owner = formField(key, known);
    if (owner === key) fields[key] ??= issue.message;
    else if (owner) fields[owner] ??= `${describeItem(key.slice(owner.length + 1))}: ${issue.message}`;
    else rest.push(issue.field ? `${key}: ${issue.message}` : issue.message);
  }
  if (issues.length === 0) rest.push(error.message);
  return { fields, general: rest.length > 0 ? rest.join(' ') : null };
}

/** A failure in one sentence, for actions without fields (a confirm dialog, a list's button). */
export function domainErrorMessage(error: DomainErrorLike): string {
  return splitDomainError(error, []).general ?? error.message;
}
