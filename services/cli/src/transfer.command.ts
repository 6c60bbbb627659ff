import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { exportTenant, importTenant, openKeyStore } from '@tandem/domain';
import { openEventStore } from '@tandem/eventstore';
import type { Command } from 'commander';
import { eventBar } from './progress';
import { storeUrlOption } from './store-url';

/** A progress bar on standard error when it is a terminal; nothing otherwise (logs, CI). */
const progressBar = (verb: string) => {
  if (!process.stderr.isTTY) return { update: (_done: number, _total: number | null) => undefined, stop: () => undefined };
  const bar = eventBar(` ${verb} [{bar}] {percentage}% | {value}/{total} events | ETA {eta_formatted}`);
  let started = false;
  return {
    update(done: number, total: number | null) {
      if (!started) {
        bar.start(total ?? done, 0);
        started = true;
      }
      if (total === null) bar.setTotal(Math.max(done, 1));
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
};

export const registerTransferCommands = (program: Command): void => {
  storeUrlOption(
    program
      .command('export')
      .description(
        'write a round table’s whole history as JSON Lines: a header, then every event as stored with its chain hash (personal parts stay encrypted); person keys only with --include-keys',
      ),
  )
    .requiredOption('--tenant <tenant>', 'the round table, e.g. vrt')
    .option('--out <file>', 'where to write (default: standard output)')
    .option('--include-keys', 'also write the person keys: the file can then show personal data, so keep it as safe as the database')
    .action(async (options: { store: string; tenant: string; out?: string; includeKeys?: boolean }) => {
      const store = await openEventStore(options.store);
      const keyStore = openKeyStore(store);
      const out = options.out ? createWriteStream(options.out, { flags: 'wx' }) : process.stdout;
      const bar = progressBar('exporting');
      let events = 0;
      try {
        for await (const line of exportTenant(store, keyStore, options.tenant, {
          includeKeys: options.includeKeys ?? false,
          onProgress: (done, total) => {
            events = done;
            bar.update(done, total);
          },
        })) {
          if (!out.write(line)) await once(out, 'drain');
        }
      } finally {
        bar.stop();
        await store.close();
      }
      if (options.out) {
        out.end();
        await once(out, 'finish');
        console.error(`exported ${events} events of "${options.tenant}"${options.includeKeys ? ' with their person keys' : ''} to ${options.out}`);
      }
      if (events === 0) console.error(`tandem: round table "${options.tenant}" has no events in this store`);
    });

  storeUrlOption(
    program
      .command('import')
      .description(
        'import a round table’s export into a store that holds none of its events; every line is checked against the hash chain first, and the imported head hash must equal the file’s',
      ),
  )
    .argument('<file>', 'a file written by tandem export (or downloaded from /export/{tenant}.jsonl)')
    .action(async (file: string, options: { store: string }) => {
      if (!existsSync(file)) throw new Error(`there is no file ${file}`);
      const store = await openEventStore(options.store);
      const keyStore = openKeyStore(store);
      const bar = progressBar('importing');
      try {
        const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
        const result = await importTenant(store, keyStore, lines, { onProgress: (done, total) => bar.update(done, total) });
        bar.stop();
        console.log(
          `imported ${result.events} events of "${result.tenant}" (${result.keys} person keys, ${result.erased} erased persons); head ${result.headHash}`,
        );
        console.log('rebuild the read models to show them: tandem projections rebuild');
      } finally {
        bar.stop();
        await store.close();
      }
    });
};
