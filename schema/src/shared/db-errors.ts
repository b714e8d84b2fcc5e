/** The PostgreSQL error behind a Prisma driver-adapter error, when there is one. */
export interface PgFailure {
  code: string;
  constraint: string | null;
  message: string;
}

export function pgFailure(error: unknown): PgFailure | null {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: Record<string, unknown> } } })?.meta?.driverAdapterError?.cause;
  if (!cause || typeof cause.originalCode !== 'string') return null;
  const message = String(cause.originalMessage ?? cause.message ?? '');
  const fromIndex = (cause.constraint as { index?: string } | undefined)?.index;
  const fromMessage = /constraint "([^"]+)"/.exec(message)?.[1];
  return { code: cause.originalCode, constraint: fromIndex ?? fromMessage ?? null, message };
}

/** The column a `<Model>_<column>_key` unique index guards. */
export function uniqueColumn(failure: PgFailure): string | null {
  const match = /^[A-Za-z]+_(.+)_key$/.exec(failure.constraint ?? '');
  return match?.[1] ?? null;
}
