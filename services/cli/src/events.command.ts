import { type EventStore, openEventStore, type RecordedEvent } from '@tandem/eventstore';
import type { Command } from 'commander';
import { storeUrlOption } from './store-url';

const formatEvent = (e: RecordedEvent): string => {
  const data = JSON.stringify(e.data);
  return [
    e.recordedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    e.checkpoint,
    `${e.streamId}@${e.streamRevision}`,
    e.type,
    `by ${e.metadata.actor}`,
    data.length > 160 ? `${data.slice(0, 157)}...` : data,
    e.personal ? '[personal data encrypted]' : '',
  ]
    .filter(Boolean)
    .join('  ');
};

const withStore = async <T>(url: string, work: (store: EventStore) => Promise<T>): Promise<T> => {
  const store = await openEventStore(url);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
};

/** The last `count` events of a tenant, oldest first. */
const lastEvents = async (store: EventStore, tenant: string, count: number): Promise<RecordedEvent[]> => {
  const window: RecordedEvent[] = [];
  let from: string | null = null;
  for (;;) {
    const page = await store.readAll({ tenant, from, limit: 5000 });
    if (page.length === 0) return window;
    window.push(...page);
    if (window.length > count) window.splice(0, window.length - count);
    from = (page[page.length - 1] as RecordedEvent).checkpoint;
  }
};

export const registerEventsCommand = (program: Command): void => {
  const events = program.command('events').description('inspect the event log');

  storeUrlOption(events.command('stats').description('count events, streams and types; show each tenant’s chain head'))
    .option('--json', 'print JSON')
    .action(async (options: { store: string; json?: boolean }) => {
      const stats = await withStore(options.store, (store) => store.stats());
      if (options.json) {
        console.log(JSON.stringify(stats, null, 2));
        return;
      }
      console.log(`store:   ${stats.kind} ${stats.location}`);
      console.log(`events:  ${stats.events}`);
      console.log(`streams: ${stats.streams}`);
      console.log(`head:    ${stats.head ?? '(empty)'}`);
      const width = Math.max(6, ...stats.tenants.map((t) => t.tenant.length), ...stats.types.map((t) => t.type.length));
      if (stats.tenants.length > 0) {
        console.log('\ntenant'.padEnd(width + 3) + 'events'.padStart(10) + '  chain head');
        for (const t of stats.tenants) console.log(`${t.tenant.padEnd(width + 2)}${String(t.events).padStart(10)}  ${t.headHash ?? '(not sealed yet)'}`);
      }
      if (stats.types.length > 0) {
        console.log('\nevent type'.padEnd(width + 3) + 'events'.padStart(10));
        for (const t of stats.types) console.log(`${t.type.padEnd(width + 2)}${String(t.events).padStart(10)}`);
      }
    });

  storeUrlOption(events.command('tail').description('print a tenant’s latest events, then follow new ones as they are committed'))
    .requiredOption('--tenant <tenant>', 'the round table, e.g. vrt')
    .option('-n, --lines <count>', 'how many past events to print first', '20')
    .option('--no-follow', 'print and exit instead of following')
    .option('--from <checkpoint>', 'start after this checkpoint instead of the last events')
    .action(async (options: { store: string; tenant: string; lines: string; follow: boolean; from?: string }) => {
      const count = Number(options.lines);
      if (!Number.isSafeInteger(count) || count < 0) throw new Error(`--lines ${options.lines} must be a whole number`);
      const store = await openEventStore(options.store);
      let checkpoint: string | null = options.from ?? null;
      if (!options.from) {
        const last = await lastEvents(store, options.tenant, count);
        for (const e of last) console.log(formatEvent(e));
        checkpoint = last.at(-1)?.checkpoint ?? (await store.headCheckpoint());
        if (last.length === 0) console.error(`(no events for tenant "${options.tenant}" yet)`);
      }
      if (!options.follow) {
        if (options.from) {
          const page = await store.readAll({ tenant: options.tenant, from: checkpoint, limit: count || 1000 });
          for (const e of page) console.log(formatEvent(e));
        }
        await store.close();
        return;
      }
      console.error(`following ${options.tenant} — Ctrl-C to stop`);
      const subscription = store.subscribe({ tenant: options.tenant, from: checkpoint }, (page) => {
        for (const e of page) console.log(formatEvent(e));
      });
      const stop = async () => {
        await subscription.stop();
        await store.close();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await subscription.done;
    });
};
