/**
 * Fan-out benchmark: N graphql-ws subscribers (1,000 and 5,000) of one program's match board on
 * one API process (SQLite, demo data), the subscribers spread over client processes on the same
 * machine (real subscribers are many machines, not one event loop). Each round commits a board
 * change through the GraphQL API and times, per subscriber, event-store commit → delivery (the
 * event's recordedAt to the client's receipt, after it parsed the message) and read-model commit
 * → delivery; memory per connection is the server's RSS (and heap) growth divided by N; CPU per
 * delivery is the server's and the clients' CPU time over the rounds divided by the deliveries.
 *
 *   npx tsx bench/fanout.bench.ts [--scale small|full]
 *
 * FANOUT_SIZES=5000 runs other sizes; FANOUT_CLIENT_PROCESSES (default 2) sets the client
 * processes; FANOUT_PROFILE=<dir> writes CPU profiles of the rounds (server and clients) there.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startTandem } from '../src/app';
import { loadConfig } from '../src/config';

type Scale = 'small' | 'full';
type Selection = 'board' | 'event';
const TENANT = 'vrt';
const PROGRAM = 'vrt-mentorship-demo';

export interface FanoutFigures {
  subscribers: number;
  /** The subscribers' sockets are spread over this many client processes on the same machine. */
  clientProcesses: number;
  /** board: each message carries the board (~3.5 KB); event: checkpoint and event types only. */
  selection: Selection;
  rounds: number;
  deliveries: number;
  missing: number;
  commitToDeliveryMs: { p50: number; p99: number; max: number };
  readModelToDeliveryMs: { p50: number; p99: number; max: number };
  /** Per round: first and last subscriber's delivery after the event-store commit. */
  roundSpreadMs: { p50First: number; p50Last: number };
  rssPerConnectionKiB: number;
  heapPerConnectionKiB: number;
  boardQueriesPerRound: number;
  /** CPU time (user + system) over the rounds divided by the deliveries due: the server's, and all client processes' together. */
  cpuPerDeliveryMicros: { server: number; clients: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (sorted: number[], q: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number) : Number.NaN);
const round1 = (x: number) => Math.round(x * 10) / 10;
const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: round1(quantile(sorted, 0.5)), p99: round1(quantile(sorted, 0.99)), max: round1(sorted.at(-1) ?? Number.NaN) };
};
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** Profiles this process while `during` runs, when FANOUT_PROFILE names a directory. */
const profiled = async <T>(name: string, during: () => Promise<T>): Promise<T> => {
  const dir = process.env.FANOUT_PROFILE;
  if (!dir) return during();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await during();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
};

const post = async <T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> => {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
};

interface ClientProcess {
  child: ChildProcess;
  lines: Interface;
}

/** `n` subscribers spread over `processes` client processes (subscribers are many machines, not one event loop). */
const spawnClients = (url: string, token: string, n: number, selection: Selection, processes: number): ClientProcess[] => {
  const fixture = fileURLToPath(new URL('./fixtures/fanout-clients.ts', import.meta.url));
  return Array.from({ length: processes }, (_, i) => {
    const count = Math.floor(n / processes) + (i < n % processes ? 1 : 0);
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, url, token, String(count), TENANT, PROGRAM, selection, String(i)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    return { child, lines: createInterface({ input: child.stdout as NodeJS.ReadableStream }) };
  });
};

const nextLine = (lines: Interface, child: ChildProcess, timeoutMs: number) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the client process said nothing within ${timeoutMs} ms`)), timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`the client process exited with ${code}`)));
  });

export const runFanoutBench = async ({ scale = 'small' }: { scale?: Scale } = {}): Promise<{ runs: FanoutFigures[]; goal: string; met: boolean }> => {
  const sizes = process.env.FANOUT_SIZES ? process.env.FANOUT_SIZES.split(',').map(Number) : scale === 'full' ? [1_000, 5_000] : [1_000];
  const plan: { n: number; selection: Selection }[] = [
    ...sizes.map((n) => ({ n, selection: 'board' as const })),
    ...(scale === 'full' ? [{ n: sizes.at(-1) as number, selection: 'event' as const }] : []),
  ];
  const rounds = scale === 'full' ? 20 : 10;
  const clientProcesses = Number(process.env.FANOUT_CLIENT_PROCESSES ?? 2);
  const dir = mkdtempSync(join(tmpdir(), 'tandem-fanout-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    LOG_LEVEL: 'silent',
    TANDEM_DATA_DIR: dir,
    SEED_DEMO: 'true',
    JWT_SECRET: 'a-bench-secret-that-is-long-enough-12345',
  });
  const tandem = await startTandem(config);
  const url = tandem.server.url;
  const live = tandem.server.services.live;
  if (!live) throw new Error('the server runs without live updates');
  const readModelCommitAt = new Map<string, number>();
  tandem.projector.onCommit((commit) => readModelCommitAt.set(commit.checkpoint, performance.timeOrigin + performance.now()));
  const token = (
    await post<{ signIn: { accessToken: string } }>(url, 'mutation { signIn(email: "chair@vrt.demo", password: "tandem-demo-2026") { accessToken } }', {})
  ).signIn.accessToken;
  const apps = await post<{ applications: { edges: { node: { applicationId: string; role: string } }[] } }>(
    url,
    'query ($t: String!, $p: String!) { applications(tenant: $t, programId: $p, status: ["eligible"], first: 200) { edges { node { applicationId role } } } }',
    { t: TENANT, p: PROGRAM },
    token,
  );
  const mentors = apps.applications.edges.filter((e) => e.node.role === 'mentor').map((e) => e.node.applicationId);
  const mentees = apps.applications.edges.filter((e) => e.node.role === 'mentee').map((e) => e.node.applicationId);
  let pairIndex = 0;
  const forbidNext = async () => {
    const mentor = mentors[pairIndex % mentors.length] as string;
    const mentee = mentees[Math.floor(pairIndex / mentors.length) % mentees.length] as string;
    pairIndex++;
    const data = await post<{ forbidPair: { checkpoint: string } }>(
      url,
      'mutation ($t: String!, $p: String!, $m: String!, $e: String!, $r: String!) { forbidPair(tenant: $t, programId: $p, mentorApplicationId: $m, menteeApplicationId: $e, reason: $r) { checkpoint } }',
      { t: TENANT, p: PROGRAM, m: mentor, e: mentee, r: `bench ${pairIndex}` },
      token,
    );
    return data.forbidPair.checkpoint;
  };

  const runs: FanoutFigures[] = [];
  try {
    for (const { n, selection } of plan) {
      gc();
      await sleep(200);
      const rssBefore = process.memoryUsage().rss;
      const heapBefore = process.memoryUsage().heapUsed;
      const clients = spawnClients(url, token, n, selection, clientProcesses);
      const opened = (
        await Promise.all(clients.map(async ({ child, lines }) => JSON.parse(await nextLine(lines, child, 300_000)) as { opened: number; failures: number }))
      ).reduce((a, b) => ({ opened: a.opened + b.opened, failures: a.failures + b.failures }));
      if (opened.opened !== n) throw new Error(`only ${opened.opened} of ${n} clients connected (${opened.failures} failures)`);
      for (let waited = 0; live.stats.subscribers < n && waited < 60_000; waited += 50) await sleep(50);
      if (live.stats.subscribers < n) throw new Error(`only ${live.stats.subscribers} of ${n} subscriptions reached the server`);
      gc();
      await sleep(500);
      const rssPerConnectionKiB = round1((process.memoryUsage().rss - rssBefore) / n / 1024);
      const heapPerConnectionKiB = round1((process.memoryUsage().heapUsed - heapBefore) / n / 1024);

      const checkpoints: string[] = [];
      const computationsBefore = live.stats.computations;
      const cpuBefore = process.cpuUsage();
      await profiled(`server-${n}-${selection}`, async () => {
        for (let r = 0; r < rounds; r++) {
          checkpoints.push(await forbidNext());
          await sleep(scale === 'full' ? 600 : 400);
        }
      });
      const serverCpu = process.cpuUsage(cpuBefore);
      const boardQueriesPerRound = round1((live.stats.computations - computationsBefore) / rounds);
      await sleep(1_000);
      const received: Record<string, number[]> = {};
      let clientCpuMicros = 0;
      await Promise.all(
        clients.map(async ({ child, lines }) => {
          const exited = new Promise((r) => child.once('exit', r));
          const reportLine = nextLine(lines, child, 60_000);
          child.stdin?.write('report\n');
          const report = JSON.parse(await reportLine) as { received: Record<string, number[]>; cpuMicros: number };
          clientCpuMicros += report.cpuMicros;
          for (const [checkpoint, times] of Object.entries(report.received)) (received[checkpoint] ??= []).push(...times);
          await exited;
        }),
      );

      const events = await tandem.store.readAll({ tenant: TENANT, types: ['PairForbidden'], limit: 10_000 });
      const recordedAt = new Map(events.map((e) => [e.checkpoint, Date.parse(e.recordedAt)]));
      const fromCommit: number[] = [];
      const fromReadModel: number[] = [];
      const firsts: number[] = [];
      const lasts: number[] = [];
      let missing = 0;
      for (const checkpoint of checkpoints) {
        // A delivery carries the checkpoint the read models had reached: the mutation's or a later one.
        const times = received[checkpoint] ?? [];
        missing += n - times.length;
        const committed = recordedAt.get(checkpoint) as number;
        const projected = readModelCommitAt.get(checkpoint);
        const latencies = times.map((t) => t - committed).sort((a, b) => a - b);
        fromCommit.push(...latencies);
        if (projected !== undefined) fromReadModel.push(...times.map((t) => t - projected));
        if (latencies.length) {
          firsts.push(latencies[0] as number);
          lasts.push(latencies.at(-1) as number);
        }
      }
      for (let waited = 0; live.stats.subscribers > 0 && waited < 30_000; waited += 50) await sleep(50);
      const figures: FanoutFigures = {
        subscribers: n,
        clientProcesses,
        selection,
        rounds,
        deliveries: fromCommit.length,
        missing,
        commitToDeliveryMs: stats(fromCommit),
        readModelToDeliveryMs: stats(fromReadModel),
        roundSpreadMs: { p50First: stats(firsts).p50, p50Last: stats(lasts).p50 },
        rssPerConnectionKiB,
        heapPerConnectionKiB,
        boardQueriesPerRound,
        cpuPerDeliveryMicros: {
          server: round1((serverCpu.user + serverCpu.system) / (rounds * n)),
          clients: round1(clientCpuMicros / (rounds * n)),
        },
      };
      console.log(
        `${String(n).padStart(5)} subscribers (${selection}, ${clientProcesses} client processes): commit→delivery p50 ${figures.commitToDeliveryMs.p50} ms, p99 ${figures.commitToDeliveryMs.p99} ms (max ${figures.commitToDeliveryMs.max}); read model→delivery p50 ${figures.readModelToDeliveryMs.p50} ms, p99 ${figures.readModelToDeliveryMs.p99} ms; ${figures.deliveries} deliveries, ${missing} missing; ${rssPerConnectionKiB} KiB RSS and ${heapPerConnectionKiB} KiB heap per connection; ${boardQueriesPerRound} board queries per commit; CPU per delivery ${figures.cpuPerDeliveryMicros.server} µs server, ${figures.cpuPerDeliveryMicros.clients} µs clients`,
      );
      runs.push(figures);
    }
  } finally {
    await tandem.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const at5000 = runs.find((r) => r.subscribers === 5_000 && r.selection === 'board');
  const goal = '5,000 subscribers with p99 < 250 ms from commit to delivery';
  return { runs, goal, met: at5000 ? at5000.commitToDeliveryMs.p99 < 250 && at5000.missing === 0 : false };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const scale = process.argv.includes('--scale') ? (process.argv[process.argv.indexOf('--scale') + 1] as Scale) : 'small';
  const result = await runFanoutBench({ scale });
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
