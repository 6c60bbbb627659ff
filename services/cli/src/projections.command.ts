import { openKeyStore } from '@tandem/domain';
import { openEventStore } from '@tandem/eventstore';
import { defaultReadModelsUrl, type Lag, Projector, ReadModels, type RebuildProgress, readCheckpoint, rebuild } from '@tandem/projections';
import type { Command } from 'commander';
import { count, duration, eventBar } from './progress';
import { storeUrlOption } from './store-url';

const readModelsOption = (command: Command): Command =>
  command.option(
    '--readmodels <url>',
    'read models: sqlite:<file> or postgres://… (default: $READMODELS_URL, $DATABASE_URL, else ./data/readmodels.sqlite)',
    defaultReadModelsUrl(),
  );

const open = async (options: { store: string; readmodels: string }) => {
  const store = await openEventStore(options.store);
  const readModels = await ReadModels.open(options.readmodels);
  return {
    store,
    keyStore: openKeyStore(store),
    readModels,
    close: async () => {
      await readModels.close();
      await store.close();
    },
  };
};

/** The status line's lag: caught up, how old the oldest unapplied event is, or why it cannot be read yet. */
const describeLag = (lag: Lag): string => {
  if (lag.caughtUp) return 'caught up';
  if (lag.heldBack) return 'behind: committed events not readable yet, an earlier transaction on the database server is still open';
  return `behind, oldest unapplied event ${lag.ms} ms old`;
};

/** What a rebuild stopped by Ctrl-C leaves, by the last phase it reported. */
const interruptedMessage = (phase: RebuildProgress['phase'] | null, verify: boolean): string => {
  if (verify) return 'interrupted: verify changes nothing, the live tables are as they were; the next rebuild drops the half-built tables';
  if (phase === 'swap')
    return 'interrupted during the swap: either the rebuilt tables are in or the live tables are as they were; `tandem projections status` shows which (its rebuild count)';
  if (phase === 'retire' || phase === 'done') return 'interrupted after the swap: the rebuilt tables are in; the next rebuild drops the old tables left behind';
  return 'interrupted: nothing was swapped in, the live tables are as they were; the next rebuild drops the half-built tables';
};

export const registerProjectionsCommand = (program: Command): void => {
  const projections = program.command('projections').description('read models: rebuild, verify, status');

  readModelsOption(storeUrlOption(projections.command('rebuild')))
    .description('replay the whole log into fresh tables and swap them in without stopping reads; --verify compares them with the live tables instead')
    .option('--verify', 'compare rebuilt and live tables, print every difference, keep the live tables (exit code 1 on a difference)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { store: string; readmodels: string; verify?: boolean; json?: boolean }) => {
      const ctx = await open(options);
      const bar = eventBar(' {phase} [{bar}] {percentage}% | {value}/{total} events | {eps} events/s | ETA {eta_formatted}', {
        noTTYOutput: !process.stderr.isTTY,
        notTTYSchedule: 2_000,
      });
      const started = performance.now();
      let barStarted = false;
      let phase: RebuildProgress['phase'] | null = null;
      // Stopping at any moment is safe: what the rebuild has not committed is rolled back, and the
      // next rebuild drops the tables a stopped one left behind. Say which side of the swap it was.
      const interrupted = () => {
        if (barStarted) bar.stop();
        process.stderr.write(`\n${interruptedMessage(phase, options.verify ?? false)}\n`);
        process.exit(130);
      };
      process.once('SIGINT', interrupted);
      try {
        const result = await rebuild({
          store: ctx.store,
          keyStore: ctx.keyStore,
          readModels: ctx.readModels,
          verify: options.verify ?? false,
          onProgress: (p) => {
            phase = p.phase;
            const total = Math.max(p.total ?? p.events, p.events);
            const eps = Math.round(p.events / ((performance.now() - started) / 1000) || 0);
            if (!barStarted) {
              bar.start(total, p.events, { phase: p.phase, eps: count(eps) });
              barStarted = true;
            }
            bar.setTotal(total);
            bar.update(p.events, { phase: p.phase.padEnd(8), eps: count(eps) });
          },
        });
        if (barStarted) bar.stop();
        if (options.json) {
          console.log(JSON.stringify(result, null, 2));
        } else {
          console.log(
            `${count(result.events)} events in ${duration(result.seconds)} (${count(result.eventsPerSecond)} events/s), checkpoint ${result.checkpoint ?? '(empty)'}`,
          );
          if (result.swapped) console.log('rebuilt tables swapped in');
          if (result.differences) {
            for (const d of result.differences) {
              const cols = d.columns?.map((c) => `${c.column}: live ${JSON.stringify(c.live)} ≠ rebuilt ${JSON.stringify(c.rebuilt)}`).join('; ');
              console.log(`${d.table} ${d.key.replaceAll('\u001f', '/')}: ${d.kind}${cols ? ` — ${cols}` : ''}`);
            }
            console.log(
              result.differences.length === 0 ? 'verify: the rebuilt tables equal the live tables' : `verify: ${result.differences.length} difference(s)`,
            );
          }
        }
        if (result.differences && result.differences.length > 0) process.exitCode = 1;
      } finally {
        process.off('SIGINT', interrupted);
        if (barStarted) bar.stop();
        await ctx.close();
      }
    });

  readModelsOption(storeUrlOption(projections.command('status')))
    .description('where the read models are in the log: position, head, lag')
    .option('--json', 'print JSON')
    .action(async (options: { store: string; readmodels: string; json?: boolean }) => {
      const ctx = await open(options);
      try {
        const projector = new Projector({ store: ctx.store, keyStore: ctx.keyStore, readModels: ctx.readModels, write: false });
        await projector.start();
        const lag = await projector.lag();
        await projector.stop();
        const stored = await readCheckpoint(ctx.readModels, projector.name);
        const status = { readModels: ctx.readModels.url, ...lag, generation: stored.generation };
        if (options.json) console.log(JSON.stringify(status, null, 2));
        else {
          console.log(`read models: ${status.readModels}`);
          console.log(`position:    ${status.position ?? '(nothing applied)'}`);
          console.log(`head:        ${status.head ?? '(empty log)'}`);
          console.log(`lag:         ${describeLag(status)}`);
          console.log(`rebuilds:    ${status.generation}`);
        }
      } finally {
        await ctx.close();
      }
    });
};
