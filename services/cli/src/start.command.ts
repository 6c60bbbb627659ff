import { loadConfig, startTandem } from '@tandem/api';
import type { Command } from 'commander';

export const registerStartCommand = (program: Command): void => {
  program
    .command('start')
    .description('run Tandem: the GraphQL API (and the portal, once built) on one port, with demo data on a fresh install')
    .action(async () => {
      const config = loadConfig();
      const started = Date.now();
      const tandem = await startTandem(config, (line) => console.log(line));
      console.log(
        `\nTandem is running at ${tandem.server.url}  (GraphQL: ${tandem.server.url}/graphql)  — ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      console.log(`event store: ${config.eventStoreUrl}`);
      if (tandem.demoSignIns.length > 0) {
        console.log('\nDemo sign-ins:');
        for (const s of tandem.demoSignIns) console.log(`  ${s.email.padEnd(24)} ${s.password}   ${s.roles}`);
      }
      console.log('\nCtrl-C stops it.');
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`\n${signal}: draining requests and closing…`);
        await tandem.stop();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
};
