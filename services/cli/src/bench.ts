/**
 * `npm run bench [-- --only <part>] [-- --scale small|full]`: runs each benchmark part and writes
 * the figures to bench-results/<part>.json at the repository root.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';

type Scale = 'small' | 'full';
const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

const parts: Record<string, (scale: Scale) => Promise<unknown>> = {
  eventstore: async (scale) => (await import('@tandem/eventstore/bench')).runEventStoreBench({ scale }),
  matching: async (scale) => (await import('@tandem/matching/bench')).runMatchingBench({ scale }),
  projections: async (scale) => (await import('@tandem/projections/bench')).runProjectionsBench({ scale }),
  api: async (scale) => (await import('@tandem/api/bench/api')).runApiBench({ scale }),
  fanout: async (scale) => (await import('@tandem/api/bench/fanout')).runFanoutBench({ scale }),
};

const program = new Command('tandem-bench')
  .description('Tandem benchmarks: our figures beside the raw baseline in the same run')
  .option('--only <part>', `one part: ${Object.keys(parts).join(', ')}`)
  .option('--scale <scale>', 'small (minutes) or full (the issue sizes)', 'small')
  .parse(process.argv);
const options = program.opts<{ only?: string; scale: string }>();

if (options.scale !== 'small' && options.scale !== 'full') {
  console.error(`--scale ${options.scale}: use small or full`);
  process.exit(2);
}
if (options.only && !parts[options.only]) {
  console.error(`--only ${options.only}: no such part; parts are ${Object.keys(parts).join(', ')}`);
  process.exit(2);
}
mkdirSync(join(root, 'bench-results'), { recursive: true });
for (const [name, run] of Object.entries(parts)) {
  if (options.only && options.only !== name) continue;
  console.log(`\n=== ${name} (scale ${options.scale}) ===`);
  const result = await run(options.scale as Scale);
  const file = join(root, 'bench-results', `${name}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ part: name, scale: options.scale, at: new Date().toISOString(), node: process.version, result }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`,
  );
  console.log(`figures written to ${file}`);
}
