const NOT_READY = Symbol('not ready');

/**
 * Groups a stream of events into batches: each batch holds what arrived within `windowMs` of
 * its first event (at most `maxItems`). At high rates this turns thousands of messages a second
 * into a few per subscriber, which is what lets one server feed hundreds of live screens. One
 * timer and one setImmediate per batch, whatever the rate.
 */
export async function* batchEvents<T>(source: AsyncIterable<T>, windowMs: number, maxItems = 1000): AsyncGenerator<T[]> {
  const it = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined;
  try {
    for (;;) {
      const first = await (pending ?? it.next());
      pending = undefined;
      if (first.done) return;
      const batch = [first.value];
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      // Buffered events come through microtasks only; once the source has to wait for I/O the
      // microtask queue runs dry and this macrotask fires: then the batch is complete.
      const drained = new Promise<typeof NOT_READY>((resolve) => setImmediate(() => resolve(NOT_READY)));
      while (batch.length < maxItems) {
        const next = it.next();
        const result = await Promise.race([next, drained]);
        if (result === NOT_READY) {
          pending = next;
          break;
        }
        if (result.done) {
          yield batch;
          return;
        }
        batch.push(result.value);
      }
      yield batch;
    }
  } finally {
    await it.return?.();
  }
}

/** Keeps and maps the events of each batch the subscriber may see; empty batches are not sent. */
export async function* filterBatches<T, R>(batches: AsyncIterable<T[]>, keep: (event: T) => boolean, map: (event: T) => R): AsyncGenerator<R[]> {
  for await (const batch of batches) {
    const visible: R[] = [];
    for (const event of batch) if (keep(event)) visible.push(map(event));
    if (visible.length) yield visible;
  }
}
