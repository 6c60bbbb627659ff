import { defaultEventStoreUrl } from '@tandem/eventstore';
import type { Command } from 'commander';

/** Every command that opens the store takes `--store`, defaulting to the environment. */
export const storeUrlOption = (command: Command): Command =>
  command.option(
    '--store <url>',
    'event store: sqlite:<file>, postgres://… or kurrentdb://… (default: $EVENTSTORE_URL, $KURRENTDB_URL, $DATABASE_URL, else ./data/events.sqlite)',
    defaultEventStoreUrl(),
  );
