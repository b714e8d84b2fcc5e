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

/**
 * A mutation's failure split in two: messages for fields the form has, and one message for the
 * rest (shown as the form's banner), so nothing the server said is lost.
 */
export function splitDomainError(error: DomainErrorLike, formFields: readonly string[]): { fields: Record<string, string>; general: string | null } {
  const known = new Set(formFields);
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  const issues = error.issues && error.issues.length > 0 ? error.issues : error.field ? [{ field: error.field, message: error.message }] : [];
  for (const issue of issues) {
    const key = fieldKey(issue.field);
    if (known.has(key)) fields[key] ??= issue.message;
    else rest.push(issue.field ? `${fieldKey(issue.field)}: ${issue.message}` : issue.message);
  }
  if (issues.length === 0) rest.push(error.message);
  return { fields, general: rest.length > 0 ? rest.join(' ') : null };
}
