import type { z } from 'zod';
import { InputValidationError } from './errors.ts';

/**
 * Parses input with a zod schema; failures become one InputValidationError whose issues name
 * each field as a path under `prefix` (e.g. `input.email`).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InputValidationError(
    result.error.issues.map((issue) => ({
      field: [prefix, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}
