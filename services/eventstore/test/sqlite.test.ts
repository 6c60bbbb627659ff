import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store';
import { describeEventStoreContract } from './contract';

const file = join(mkdtempSync(join(tmpdir(), 'tandem-es-')), 'events.sqlite');

describeEventStoreContract('SQLite', () => ({
  url: `sqlite:${file}`,
  atomicMultiStream: true,
  open: async () => new SqliteEventStore({ filename: file }),
}));
