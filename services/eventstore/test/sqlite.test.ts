import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store';
import { describeEventStoreContract } from './contract';

const file = join(mkdtempSync(join(tmpdir(), 'tandem-es-')), 'events.sqlite');

describeEventStoreContract('SQLite', () => ({
  url: `sqlite:${file}`,
  atomicMultiStream: true,
  open: async () => new SqliteEventStore({ filename: file }),
}));

describe('SQLite memory map', () => {
  it('reads the file through a map of 1 GiB by default, or with read calls when turned off, the same events either way', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tandem-es-mmap-')), 'events.sqlite');
    const mapped = new SqliteEventStore({ filename: path });
    const metadata = { tenant: 'vrt', actor: 'test', correlationId: 'c', causationId: null, occurredAt: '2026-11-30T00:00:00.000Z', schemaVersion: 1 };
    for (let b = 0; b < 20; b++) {
      await mapped.append(
        `vrt/program-${b}`,
        Array.from({ length: 100 }, (_, i) => ({ type: 'Noted', data: { b, i, text: 'x'.repeat(200) }, metadata })),
      );
    }
    const plain = new SqliteEventStore({ filename: path, mmapBytes: 0 });
    try {
      expect(mapped.db.pragma('mmap_size', { simple: true })).toBe(1024 ** 3);
      expect(plain.db.pragma('mmap_size', { simple: true })).toBe(0);
      const all = async (store: SqliteEventStore) => {
        const events = [];
        for (let from: string | null = null; ; ) {
          const page = await store.readAll({ from, limit: 300 });
          if (page.length === 0) return events;
          events.push(...page);
          from = page[page.length - 1]!.checkpoint;
        }
      };
      const read = await all(mapped);
      expect(read).toHaveLength(2_000);
      expect(await all(plain)).toEqual(read);
    } finally {
      await plain.close();
      await mapped.close();
    }
  });
});
