import { describe, expect, it } from 'vitest';
import { KurrentDbEventStore } from '../src/kurrentdb/kurrentdb-event-store';
import { describeEventStoreContract, event, freshTenant } from './contract';

// The contract needs a real server: KURRENTDB_URL=kurrentdb://localhost:2113?tls=false
const url = process.env.KURRENTDB_URL;

if (url) {
  // Atomic multi-stream append exists from KurrentDB 25.1 on; older servers refuse appendMany
  // over several streams (UnsupportedOperationError) instead of writing them one by one.
  const probe = await KurrentDbEventStore.connect(url);
  const atomicMultiStream = await probe.supportsAtomicMultiStream();
  await probe.close();

  describeEventStoreContract('KurrentDB', () => ({
    url,
    atomicMultiStream,
    open: () => KurrentDbEventStore.connect(url),
  }));

  describe('KurrentDB: the sealer', () => {
    it('leaves events unsealed until seal(), then chains them; concurrent sealers never fork the chain', async () => {
      const writer = await KurrentDbEventStore.connect(url, { sealOnAppend: false });
      const sealers = await Promise.all(Array.from({ length: 4 }, () => KurrentDbEventStore.connect(url)));
      try {
        const tenant = freshTenant();
        for (let i = 0; i < 5; i++) await writer.append(`${tenant}/program-${i % 2}`, [event(tenant, 'A', { i }), event(tenant, 'B', { i })]);
        const unsealed = await writer.readAll({ tenant });
        expect(unsealed.map((e) => [e.tenantSequence, e.hash])).toEqual(unsealed.map(() => [0, null]));
        const counts = await Promise.all(sealers.map((s) => s.seal(tenant)));
        expect(counts.reduce((a, b) => a + b, 0)).toBe(10);
        const sealed = await writer.readAll({ tenant });
        expect(sealed.map((e) => e.tenantSequence)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
        expect(new Set(sealed.map((e) => e.hash)).size).toBe(10);
        expect(await writer.seal(tenant)).toBe(0);
      } finally {
        await Promise.all([writer, ...sealers].map((s) => s.close()));
      }
    });
  });
} else {
  describe.skip('KurrentDB: event store contract (skipped: KURRENTDB_URL is not set)', () => {
    it('needs a KurrentDB server', () => {});
  });
}
