import { describe, expect, it } from 'vitest';
import { batchEvents } from './batch.ts';
import { createFanout, encodeEvent } from './transports/fanout.ts';

const quiet = { info: () => undefined, warn: () => undefined };
const event = (customerId: number) => encodeEvent('CustomerChanged', { customerId, partnerId: 1, change: 'updated' });

/** Events pushed into a real subscriber buffer, read through an async generator as resolvers do. */
function subscription() {
  const fanout = createFanout({ log: quiet });
  const abort = new AbortController();
  async function* ids() {
    for await (const e of fanout.subscribe('CustomerChanged', abort.signal)) yield e.customerId;
  }
  return { fanout, abort, ids: ids() };
}

describe('batchEvents', () => {
  it('delivers what arrives within the window together, and later events in later batches', async () => {
    const { fanout, abort, ids } = subscription();
    const batches: number[][] = [];
    const reading = (async () => {
      for await (const batch of batchEvents(ids, 50)) batches.push(batch);
    })();
    for (const id of [1, 2, 3]) {
      fanout.receive(event(id));
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 120));
    fanout.receive(event(4));
    await new Promise((r) => setTimeout(r, 80));
    abort.abort();
    await reading;
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('caps a batch at maxItems and loses nothing', async () => {
    const { fanout, abort, ids } = subscription();
    const batches: number[][] = [];
    const reading = (async () => {
      for await (const batch of batchEvents(ids, 10, 10)) batches.push(batch);
    })();
    await new Promise((r) => setTimeout(r, 5));
    for (let i = 1; i <= 25; i++) fanout.receive(event(i));
    await new Promise((r) => setTimeout(r, 100));
    abort.abort();
    await reading;
    expect(batches.flat()).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(Math.max(...batches.map((b) => b.length))).toBe(10);
  });
});
