import { unwrapResolverError } from '@apollo/server/errors';
import { PothosValidationError } from '@pothos/core';
import { ForbiddenError } from '@pothos/plugin-scope-auth';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Log } from '@backhaul/schema/shared/log.ts';

/** Unexpected errors are logged and masked; expected ones keep their message and get a code. */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: Log): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof ForbiddenError) {
    return { ...formatted, message: 'not allowed: you lack the permission this needs', extensions: { code: 'FORBIDDEN' } };
  }
  const code = formatted.extensions?.code;
  if (code !== undefined && code !== 'INTERNAL_SERVER_ERROR') return { ...formatted, extensions: { code } };
  // Bad arguments found while resolving (a malformed global id, a scalar) are the caller's.
  if (original instanceof PothosValidationError || original instanceof GraphQLError) {
    return { ...formatted, extensions: { code: 'BAD_USER_INPUT' } };
  }
  log.error('unexpected error', { message: (original as Error)?.message, stack: (original as Error)?.stack, path: formatted.path });
  return { message: 'internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
