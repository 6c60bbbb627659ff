// Run before `npm start`, `npm test` and `npm run bench`: under another Node.js the native modules
// (better-sqlite3, argon2) crash with a segmentation fault instead of saying what is wrong.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(
    `Tandem runs on Node.js 24; this shell has ${process.version} (${process.execPath}).\n` +
      'Run `source infra/setup.sh` first: it installs Node 24 into ~/.cache/node24 and puts it first on PATH.',
  );
  process.exit(1);
}
