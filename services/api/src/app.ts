import { type DomainDeps, openKeyStore, seedDemo } from '@tandem/domain';
import { type EventStore, openEventStore } from '@tandem/eventstore';
import { Projector, ReadModels, ReplayStateKeeper } from '@tandem/projections';
import { AccountStore } from './auth/account-store';
import type { Config } from './config';
import { openSql } from './core/sql';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, ensureDemoAccounts } from './demo';
import { resolveJwtSecret } from './jwt-secret';
import { startServer, type TandemServer } from './server';
import { runWaitlistReactor } from './waitlist';

export interface RunningTandem {
  server: TandemServer;
  store: EventStore;
  readModels: ReadModels;
  projector: Projector;
  seeded: boolean;
  demoSignIns: { email: string; password: string; roles: string }[];
  stop(): Promise<void>;
}

/**
 * The whole platform on one port: the event store, the key store beside it, accounts, demo data
 * on a fresh embedded install, and the GraphQL server.
 */
export const startTandem = async (config: Config, log: (line: string) => void = () => undefined): Promise<RunningTandem> => {
  const store = await openEventStore(config.eventStoreUrl);
  const keyStore = openKeyStore(store);
  const domain: DomainDeps = { store, keyStore };
  const sql = openSql(config.readModelsUrl);
  const accounts = new AccountStore(sql);
  await accounts.migrate();

  let seeded = false;
  if (config.seedDemo && (await store.headCheckpoint()) === null) {
    log('seeding demo data for VRT and LRRT…');
    const summary = await seedDemo(store, keyStore, { now: new Date() });
    log(`seeded ${summary.programs.map((p) => `${p.tenant}: ${p.applications} applications, ${p.pairs} pairs`).join('; ')}`);
    seeded = true;
  }
  if (config.seedDemo) await ensureDemoAccounts(accounts, new Date().toISOString());

  const readModels = await ReadModels.open(config.readModelsUrl);
  const projector = new Projector({ store, keyStore, readModels });
  await projector.start();
  const head = await store.committedHead();
  if (head) await projector.waitFor(head, 120_000);

  const server = await startServer(config, {
    jwtSecret: resolveJwtSecret(config),
    sql,
    domain,
    readModels,
    waitForReadModels: (checkpoint) => (checkpoint ? projector.waitFor(checkpoint, 5_000) : Promise.resolve(true)),
  });
  const unpublish = projector.onCommit((commit) => server.services.live?.publish(commit));
  // Large programs' replay states, kept ahead of auditors' as-of questions.
  const keeper = new ReplayStateKeeper({
    store,
    keyStore,
    readModels,
    active: () => projector.role === 'writer',
    idle: () => projector.idle(),
    onError: (error) => server.log.error({ err: error }, 'keeping replay states failed'),
    onKept: (kept) => server.log.info({ ...kept, ms: Math.round(kept.ms) }, 'replay states kept for as-of answers'),
  });
  await keeper.start();
  const unkeep = projector.onCommit((commit) => keeper.noteCommit(commit.events));
  const waitlist = await runWaitlistReactor(domain, readModels, (error, event) =>
    server.log.error({ err: error, eventId: event?.eventId, type: event?.type }, 'the waitlist reactor failed'),
  );
  const stop = async () => {
    unpublish();
    unkeep();
    await keeper.stop();
    await waitlist.stop();
    await server.close();
    await projector.stop();
    await readModels.close();
    await store.close();
  };
  return {
    server,
    store,
    readModels,
    projector,
    seeded,
    demoSignIns: config.seedDemo
      ? DEMO_ACCOUNTS.map((a) => ({
          email: a.email,
          password: DEMO_PASSWORD,
          roles: a.platformAdmin ? 'platform admin' : a.roles.map((r) => `${r.role} in ${r.tenant}`).join(', '),
        }))
      : [],
    stop,
  };
};
