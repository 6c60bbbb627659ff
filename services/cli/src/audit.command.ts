import { type ChainVerification, openEventStore, verifyTenantChain } from '@tandem/eventstore';
import type { Command } from 'commander';
import { eventBar } from './progress';
import { storeUrlOption } from './store-url';

/** Below this many events no progress bar is drawn: the answer comes before it would show. */
const BAR_FROM = 20_000;

export const registerAuditCommand = (program: Command): void => {
  const audit = program.command('audit').description('check the event log for tampering');

  storeUrlOption(
    audit
      .command('verify')
      .description(
        'recompute a round table’s hash chain from the stored events: OK with the head hash (exit 0), or the first altered, missing, reordered or unsealed event by its place in the chain (exit 1)',
      ),
  )
    .requiredOption('--tenant <tenant>', 'the round table, e.g. vrt')
    .option('--json', 'print the result as JSON')
    .action(async (options: { store: string; tenant: string; json?: boolean }) => {
      const store = await openEventStore(options.store);
      const bar = eventBar(' verifying [{bar}] {percentage}% | {value}/{total} events | ETA {eta_formatted}', { noTTYOutput: false });
      let barStarted = false;
      // Only a terminal gets a bar (asking for progress costs a count of the store's events).
      const onProgress = (verified: number, total?: number) => {
        if (total === undefined || total < BAR_FROM) return;
        if (!barStarted) {
          bar.start(total, 0);
          barStarted = true;
        }
        bar.update(Math.min(verified, total));
      };
      let result: ChainVerification;
      try {
        result = await verifyTenantChain(store, options.tenant, process.stderr.isTTY ? { onProgress } : {});
      } finally {
        if (barStarted) bar.stop();
        await store.close();
      }
      if (result.status === 'ok' && result.events === 0) console.error(`tandem: round table "${options.tenant}" has no events in this store`);
      if (options.json) {
        console.log(JSON.stringify({ tenant: options.tenant, ...result }, null, 2));
      } else if (result.status === 'ok') {
        console.log(`OK: ${result.events} events, head ${result.headHash}`);
      } else {
        const { at } = result;
        const event = at.eventId ? ` (event ${at.eventId} in ${at.streamId}, checkpoint ${at.checkpoint})` : '';
        console.log(`BROKEN: ${result.problem} at place ${at.tenantSequence}${event}; ${result.verifiedBefore} events before it verified`);
        console.log(result.detail);
      }
      if (result.status !== 'ok') process.exitCode = 1;
    });
};
