import { createComplexityRule } from '@pothos/plugin-complexity';
import { GraphQLError, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { QUERY_LIMITS } from '@backhaul/schema/builder.ts';

/**
 * Depth, breadth and complexity limits as validation errors, checked before execution so an
 * oversized query is refused with 400 and costs nothing. The same check serves HTTP and WebSocket.
 */
export function limitErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  context: object,
  variableValues: Record<string, unknown> | undefined,
  operationName: string | null | undefined,
): readonly GraphQLError[] {
  const errors = validate(schema, document, [
    createComplexityRule({
      context,
      variableValues: variableValues ?? {},
      operationName: operationName ?? undefined,
      maxComplexity: QUERY_LIMITS.complexity,
      maxDepth: QUERY_LIMITS.depth,
      maxBreadth: QUERY_LIMITS.breadth,
    }),
  ]);
  // The rule also reports variables that do not fit their types: those are the caller's input.
  return errors.map((e) => {
    const code = /exceeds max/i.test(e.message) ? 'QUERY_TOO_COMPLEX' : 'BAD_USER_INPUT';
    return new GraphQLError(e.message, { nodes: e.nodes, extensions: { code, http: { status: 400 } } });
  });
}
