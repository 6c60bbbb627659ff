import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { hasSqlEnvelopes } from '../src/core/types';
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

describe('SQLite envelopes in SQL', () => {
  it('gives another connection that attached the file the envelopes readAll gives, for a range of checkpoints, and refuses a schema name that is not plain', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tandem-es-envelopes-')), 'events.sqlite');
    const store = new SqliteEventStore({ filename: path });
    const other = new Database(':memory:');
    try {
      const at = '2026-12-02T00:00:00.000Z';
      for (let b = 0; b < 5; b++) {
        await store.append(
          `${b % 2 ? 'vrt' : 'lrrt'}/program-${b}`,
          Array.from({ length: 30 }, (_, i) => ({
            type: i % 2 ? 'Noted' : 'Checked',
            data: { i },
            metadata: {
              tenant: b % 2 ? 'vrt' : 'lrrt',
              actor: `a${i}`,
              correlationId: `c${i}`,
              causationId: i ? `c${i - 1}` : null,
              occurredAt: at,
              schemaVersion: 1,
              ...(i % 3 ? { correlationKey: `p${b}` } : {}),
            },
          })),
        );
      }
      const all = await store.readAll({ limit: 1_000 });
      expect(hasSqlEnvelopes(store)).toBe(true);
      expect(hasSqlEnvelopes(new SqliteEventStore({ filename: ':memory:' }))).toBe(false);
      other.prepare('ATTACH DATABASE ? AS log').run(store.file);
      const envelopes = (from: string | null, to: string) => other.prepare(store.envelopesSql('log')).all(from, to) as Record<string, unknown>[];
      const expected = (events: typeof all) =>
        events.map((e) => ({
          position: Number(e.globalPosition),
          checkpoint: e.checkpoint,
          event_id: e.eventId,
          stream_id: e.streamId,
          stream_revision: e.streamRevision,
          type: e.type,
          tenant: e.metadata.tenant,
          actor: e.metadata.actor,
          correlation_id: e.metadata.correlationId,
          causation_id: e.metadata.causationId,
          occurred_at: e.metadata.occurredAt,
          schema_version: e.metadata.schemaVersion,
          correlation_key: e.metadata.correlationKey ?? null,
          recorded_at: e.recordedAt,
        }));
      expect(envelopes(null, all[149]!.checkpoint)).toEqual(expected(all));
      expect(envelopes(all[9]!.checkpoint, all[40]!.checkpoint)).toEqual(expected(all.slice(10, 41)));
      expect(envelopes(all[149]!.checkpoint, all[149]!.checkpoint)).toEqual([]);
      expect(() => store.envelopesSql('log"; drop table events; --')).toThrow(/not a plain schema name/);
    } finally {
      other.close();
      await store.close();
    }
  });
});
