import type { Prisma } from '@backhaul/prisma/client';
import type { EventPayload, Topic } from '../events/catalogue.ts';
import type { ServiceContext } from './context.ts';
import { pgFailure, uniqueColumn } from './db-errors.ts';
import { DuplicateError, IpConflictError, IpOutsideNetworkError } from './errors.ts';
import { actorOf, type Actor } from './principal.ts';

export type Tx = Prisma.TransactionClient;

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | number;
  customerId?: number | null;
  partnerId?: number | null;
  before?: object | null;
  after?: object | null;
}

/**
 * A change made in one transaction: it writes the audit rows inside the transaction and
 * publishes its events only after the commit, so subscribers never see a change that was
 * rolled back.
 */
export class Changes {
  private readonly events: Array<{ topic: Topic; payload: unknown }> = [];

  constructor(private readonly tx: Tx, readonly actor: Actor) {}

  async audit(entry: AuditEntry): Promise<void> {
    const row = await this.tx.auditLog.create({
      data: {
        actorType: this.actor.type,
        staffId: this.actor.staffId,
        apiKeyId: this.actor.apiKeyId,
        ip: this.actor.ip,
        action: entry.action,
        entity: entry.entity,
        entityId: String(entry.entityId),
        customerId: entry.customerId ?? null,
        partnerId: entry.partnerId ?? null,
        before: auditSnapshot(entry.before),
        after: auditSnapshot(entry.after),
      },
    });
    this.emit('AuditLogAdded', {
      id: String(row.id),
      action: row.action,
      entity: row.entity,
      entityId: row.entityId,
      customerId: row.customerId,
      partnerId: row.partnerId,
    });
  }

  emit<T extends Topic>(topic: T, payload: EventPayload<T>): void {
    this.events.push({ topic, payload });
  }

  /** @internal */
  async publish(ctx: ServiceContext): Promise<void> {
    for (const { topic, payload } of this.events) {
      // The change is committed; a lost notification must not turn it into an error.
      await ctx.pubsub.publish(topic, payload as never).catch(() => undefined);
    }
  }
}

/**
 * Runs `work` in one transaction with its audit rows, then publishes its events. The audit
 * actor is the request's principal unless given (sign-in, before there is one).
 */
export async function change<T>(
  ctx: ServiceContext,
  work: (tx: Tx, changes: Changes) => Promise<T>,
  actor: Actor = actorOf(ctx.principal, ctx.ip),
): Promise<T> {
  let changes!: Changes;
  let result: T;
  try {
    result = await ctx.db.$transaction(async (tx) => {
      changes = new Changes(tx, actor);
      return work(tx, changes);
    });
  } catch (error) {
    throw translateDbError(error);
  }
  await changes.publish(ctx);
  return result;
}

/** Turns constraint violations into the typed errors the API returns. */
export function translateDbError(error: unknown): unknown {
  const failure = pgFailure(error);
  if (!failure) return error;
  const ipConstraint = /^Ip(Network_cidr|Assignment_address)/.test(failure.constraint ?? '');
  if (failure.code === '23505' && !ipConstraint) {
    const column = uniqueColumn(failure) ?? 'value';
    return new DuplicateError(`input.${column}`);
  }
  if (failure.code === '23P01' || (failure.code === '23505' && ipConstraint)) {
    const address = /\(([^)]+)\)=\(([^)]+)\) conflicts/.exec(failure.message)?.[2] ?? '';
    const field = failure.constraint?.startsWith('IpNetwork') ? 'input.cidr' : 'input.address';
    return new IpConflictError(address, field);
  }
  if (failure.code === '23514' && /outside network/.test(failure.message)) {
    const [, address = '', network = ''] = /address (\S+) is outside network (\S+)/.exec(failure.message) ?? [];
    return new IpOutsideNetworkError(address, network, 'input.address');
  }
  return error;
}

const SECRET_FIELD = /(Enc|Hash)$/;
/** Derived columns that would only add noise to the audit log. */
const SKIPPED_FIELDS = new Set(['searchText']);

/** A JSON copy of a row for the audit log, with secrets replaced by a marker. */
export function auditSnapshot(row: object | null | undefined): Prisma.InputJsonValue | undefined {
  if (!row) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (SKIPPED_FIELDS.has(key)) continue;
    if (SECRET_FIELD.test(key)) out[key] = value == null ? null : '[secret]';
    else if (value instanceof Date) out[key] = value.toISOString();
    else if (typeof value === 'bigint') out[key] = value.toString();
    else if (value !== null && typeof value === 'object' && 'toFixed' in value) out[key] = String(value);
    else out[key] = value;
  }
  return out as Prisma.InputJsonValue;
}
