/**
 * The console's typed `graphql()` tag. Result and variable types are inferred by gql.tada from
 * graphql-env.d.ts, which tools/generate-graphql-env.js writes from schema/schema.graphql.
 *
 * Every operation lives in a file of this folder (one per area): `npm run check` runs
 * `gql-tada check` over this folder, which validates each document against the schema (unknown
 * fields, wrong arguments), and then svelte-check, which checks how the screens use the results.
 */
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: {
    /** ISO 8601 with time zone. */
    DateTime: string;
    /** YYYY-MM-DD. */
    Date: string;
    /** Exact decimal as a string ("12.50"). */
    Decimal: string;
    /** Decimal string, may exceed 2^53. */
    BigInt: string;
    JSON: unknown;
    ID: string;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
