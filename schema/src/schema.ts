import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import './shared/errors.schema.ts';
import './partners/partners.schema.ts';
import './customers/customers.schema.ts';
import './tariffs/tariffs.schema.ts';
import './services/services.schema.ts';
import './network/routers.schema.ts';
import './network/ip-networks.schema.ts';
import './admin/staff.schema.ts';
import './admin/auth.schema.ts';
import './admin/audit.schema.ts';
import './radius/sessions.schema.ts';
import './radius/auth-log.schema.ts';
import './radius/coa.schema.ts';
import './radius/rates.schema.ts';
import './radius/settings.schema.ts';

/** Builds the executable schema; misconfiguration throws here, at start-up. */
export function buildSchema(): GraphQLSchema {
  return builder.toSchema({ sortSchema: true });
}

/** The SDL committed as schema/schema.graphql (sorted, so diffs stay small). */
export function printSdl(schema: GraphQLSchema = buildSchema()): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
