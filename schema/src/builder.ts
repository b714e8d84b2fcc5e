import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import type { Db } from '@backhaul/prisma/db';
import { Prisma } from '@backhaul/prisma/client';
import type PrismaTypes from '@backhaul/prisma/pothos-types';
import { getDatamodel } from '@backhaul/prisma/pothos-types';
import { getNamedType, getNullableType, GraphQLError, isListType, Kind, type GraphQLOutputType } from 'graphql';
import type { Permission } from './admin/permissions.ts';
import type { PubSub } from './events/pubsub.ts';
import type { Principal } from './shared/principal.ts';
import type { SecretBox } from './shared/secrets.ts';
import type { LoginLimiter } from './shared/rate-limit.ts';

/** Everything a resolver may use; made by the server's createContext() for HTTP and WebSocket alike. */
export interface Context {
  db: Db;
  pubsub: PubSub;
  secrets: SecretBox;
  /** Counts failed sign-ins per username and per address. */
  loginLimiter: LoginLimiter;
  principal: Principal | null;
  ip: string | null;
  userAgent: string | null;
  /** How long disconnectSession / changeSessionRate wait for a RADIUS process's CoaResult (default 15 s). */
  coaTimeoutMs?: number;
}

export interface AuthScopes {
  /** Anyone, signed in or not (sign-in itself). */
  public: boolean;
  /** Any signed-in principal. */
  authenticated: boolean;
  /** Staff, or an API key acting for staff. */
  staff: boolean;
  customer: boolean;
  permission: Permission;
  /** The principal may see this partner's data (always true for principals bound to no partner). */
  partner: number;
  /** Not bound to a partner: may change what all partners share (tariffs, routers, networks, roles). */
  global: boolean;
}

/** Query limits, enforced while validating every operation (HTTP and WebSocket). */
export const QUERY_LIMITS = { complexity: 20_000, depth: 12, breadth: 300 } as const;

/**
 * A connection costs its page size (`first`/`last`, else the default page of 20); its `edges`
 * and `nodes` lists add nothing more; any other list is taken as 10 items.
 */
function fieldComplexity(args: Record<string, unknown>, field: { name: string; type: GraphQLOutputType }) {
  const page = args.first ?? args.last;
  if (typeof page === 'number') return { field: 1, multiplier: Math.max(1, page) };
  if (field.name === 'edges' || field.name === 'nodes') return { field: 1, multiplier: 1 };
  if (isConnection(field.type)) return { field: 1, multiplier: 20 };
  return isListType(getNullableType(field.type)) ? { field: 1, multiplier: 10 } : 1;
}

function isConnection(type: GraphQLOutputType): boolean {
  const named = getNamedType(type);
  return named.name.endsWith('Connection');
}

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    Date: { Input: Date; Output: Date | string };
    Decimal: { Input: Prisma.Decimal; Output: Prisma.Decimal | string | number };
    BigInt: { Input: bigint; Output: bigint | string | number };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  defaultFieldNullability: false,
  // Relay first so scope checks see decoded global ids; scope-auth before the plugins that
  // wrap resolvers, so nothing runs before authorization.
  plugins: [RelayPlugin, ScopeAuthPlugin, PrismaPlugin, ErrorsPlugin, ValidationPlugin, ComplexityPlugin],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: { authScopes: { authenticated: true } },
    nodesQueryOptions: { authScopes: { authenticated: true } },
  },
  scopeAuth: {
    authorizeOnSubscribe: true,
    // Every object type checks its own scopes too, so a record reached through any path is
    // checked (defense in depth behind the filtered queries).
    runScopesOnType: true,
    authScopes: (ctx) => {
      const p = ctx.principal;
      return {
        public: true,
        authenticated: p !== null,
        staff: p !== null && p.kind !== 'customer',
        customer: p?.kind === 'customer',
        permission: (perm: Permission) => p !== null && p.kind !== 'customer' && p.permissions.has(perm),
        partner: (partnerId: number) => p !== null && (p.partnerId === null || p.partnerId === partnerId),
        global: p !== null && p.kind !== 'customer' && p.partnerId === null,
      };
    },
  },
  prisma: {
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
  errors: {
    defaultTypes: [],
    defaultResultOptions: { name: ({ fieldName }) => `${upperFirst(fieldName)}Success` },
    defaultUnionOptions: { name: ({ fieldName }) => `${upperFirst(fieldName)}Result` },
  },
  complexity: {
    fieldComplexity: (args, _ctx, field) => fieldComplexity(args, field),
    limit: QUERY_LIMITS,
  },
});

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string with time zone (UTC).',
  serialize: (value) => (value instanceof Date ? value : new Date(value)).toISOString(),
  parseValue: (value) => parseDate(value, 'DateTime'),
});

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => (value instanceof Date ? value : new Date(value)).toISOString().slice(0, 10),
  parseValue: (value) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new GraphQLError('Date must be YYYY-MM-DD');
    return parseDate(`${value}T00:00:00Z`, 'Date');
  },
});

builder.scalarType('Decimal', {
  description: 'An exact decimal number as a string ("12.50"): money and rates, never a float.',
  serialize: (value) => (value instanceof Prisma.Decimal ? value.toFixed() : new Prisma.Decimal(value).toFixed()),
  parseValue: (value) => {
    if ((typeof value !== 'string' && typeof value !== 'number') || !/^-?\d+(\.\d+)?$/.test(String(value))) {
      throw new GraphQLError('Decimal must be a decimal number such as "12.50"');
    }
    return new Prisma.Decimal(String(value));
  },
  parseLiteral: (ast) => {
    if ((ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) && /^-?\d+(\.\d+)?$/.test(ast.value)) {
      return new Prisma.Decimal(ast.value);
    }
    throw new GraphQLError('Decimal must be a decimal number such as "12.50"');
  },
});

builder.scalarType('BigInt', {
  description: 'A whole number that may exceed 2^53 (byte counters), as a decimal string ("123456789012").',
  serialize: (value) => BigInt(value).toString(),
  parseValue: (value) => parseBigInt(value),
  parseLiteral: (ast) => parseBigInt(ast.kind === Kind.STRING || ast.kind === Kind.INT ? ast.value : null),
});

function parseBigInt(value: unknown): bigint {
  if ((typeof value === 'string' && /^-?\d+$/.test(value)) || (typeof value === 'number' && Number.isSafeInteger(value))) return BigInt(value);
  throw new GraphQLError('BigInt must be a whole number as a string such as "123456789012"');
}

builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
});

function parseDate(value: unknown, name: string): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new GraphQLError(`${name} must be an ISO 8601 string`);
  return date;
}
