import { openEventStore } from '@tandem/eventstore';
import type { Command } from 'commander';
import { storeUrlOption } from './store-url';

export const registerStartCommand = (program: Command): void => {
  storeUrlOption(program.command('start').description('open (or create) the event store and report its state')).action(async (options: { store: string }) => {
    const store = await openEventStore(options.store);
    try {
      const stats = await store.stats();
      console.log(`Tandem event store ready: ${stats.kind} ${stats.location}`);
      console.log(
        `${stats.events} events in ${stats.streams} streams; tenants: ${stats.tenants.map((t) => `${t.tenant} (${t.events})`).join(', ') || 'none yet'}`,
      );
      console.log('The GraphQL API and the portal are not built yet (issues 6 and 8); see README.md for what works today.');
    } finally {
      await store.close();
    }
  });
};
