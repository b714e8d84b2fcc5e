import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';

export const SortDirection = builder.enumType('SortDirection', { values: ['ASC', 'DESC'] as const });

/** Lower-case direction for Prisma's orderBy. */
export function prismaDirection(direction: 'ASC' | 'DESC' | null | undefined): 'asc' | 'desc' {
  return direction === 'DESC' ? 'desc' : 'asc';
}

/** Skips events the subscriber may not see, and maps the rest. */
export async function* filterEvents<T, R>(source: AsyncIterable<T>, keep: (event: T) => boolean | Promise<boolean>, map: (event: T) => R): AsyncGenerator<R> {
  for await (const event of source) {
    if (await keep(event)) yield map(event);
  }
}

/** The global id a delete mutation returns, once the row is gone. */
export function deletedId(id: { typename: string; id: string }, _deleted: unknown): string {
  return encodeGlobalID(id.typename, id.id);
}

/**
 * Keeps the input fields the client sent: GraphQL leaves out omitted fields and passes null
 * for "clear this", so undefined means "leave as it is".
 */
export function provided<T extends object>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as T;
}
