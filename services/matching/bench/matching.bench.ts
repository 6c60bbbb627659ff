/**
 * Matching benchmark: the engine (scoring, hard constraints, tiers, optimal assignment and every
 * explanation) beside a greedy baseline and beside `linear-sum-assignment` with mentors repeated by
 * capacity, on the same generated pools, in the same process.
 *
 *   npx tsx bench/matching.bench.ts [--scale small|full]
 *
 * small: 300 × 100 and 2,000 × 500; full adds 5,000 × 1,000 (capacities 1–3). Writes the figures
 * to bench-results/matching.json at the repository root.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { buildCandidates, poolOf } from '../src/candidates';
import { canonicalInput, canonicalParams, digestCanonical } from '../src/canonical';
import { explainRun } from '../src/explain';
import { type MatchingInput, type MatchingParams, runMatching } from '../src/index';
import { objectiveFor } from '../src/objective';
import { compileScoring } from '../src/scoring-context';
import { solveAssignment } from '../src/solver';
import { generateInstance } from '../test/support/generate';
import { candidateGraph, greedy, lsaMatrix, lsaSolve } from './baselines';

export type Scale = 'small' | 'full';

const SIZES: Record<Scale, [number, number][]> = {
  small: [
    [300, 100],
    [2_000, 500],
  ],
  full: [
    [300, 100],
    [2_000, 500],
    [5_000, 1_000],
  ],
};

/** One solver on one pool. */
export interface Measure {
  solver: string;
  /** Wall time, best of the repeats, in milliseconds. */
  ms: number;
  /**
   * Heap and array buffers allocated by one run, measured right after it before any collection
   * (for linear-sum-assignment: its input matrix included).
   */
  memoryMB: number;
  matched: number;
  totalScore: number;
  /** Total score minus that of linear-sum-assignment (tiers off, highest total score). */
  scoreGap: number;
  /** Time over the time of linear-sum-assignment's solver. */
  timeRatio: number;
}

export interface PoolResult {
  mentees: number;
  mentors: number;
  places: number;
  candidatePairs: number;
  /** mentees × places: the size of the dense matrix linear-sum-assignment needs. */
  matrixCells: number;
  /** Bytes of the engine's candidate graph (its largest structure). */
  graphBytes: number;
  /** The engine's phases, tiers on: scoring and graph, assignment, explanations. */
  phasesMs: { canonical: number; scoring: number; assignment: number; explanations: number };
  measures: Measure[];
  goals: { optimal: boolean; notBelowGreedy: boolean; fasterThanLsa: boolean };
}

export interface MatchingBenchResult {
  scale: Scale;
  node: string;
  cpus: string;
  loadAverage: number[];
  pools: PoolResult[];
}

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const heap = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/**
 * Runs `work` `repeat` times and keeps the best time; then once more, after a full collection, to
 * measure the memory it allocates. A forced collection flushes compiled code, so no timed run
 * follows one.
 */
function measure<T>(repeat: number, work: () => T): { ms: number; memoryMB: number; value: T } {
  let best = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let k = 0; k < repeat; k++) {
    const t0 = performance.now();
    value = work();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, memoryMB: 0, value: value as T };
}

/** Heap and array buffers allocated by one run of `work`, measured before any collection. */
function memoryOf(work: () => unknown): number {
  gc();
  const before = heap();
  const kept = work();
  const after = heap();
  return kept === undefined ? 0 : Math.max(0, after - before) / 2 ** 20;
}

function pool(mentees: number, mentors: number): { input: MatchingInput; params: MatchingParams } {
  const { input, params } = generateInstance({ mentees, mentors, seed: mentees + mentors, capacity: [1, 3] });
  return { input, params: { ...params, objective: 'score', tiers: true } };
}

/** The engine's phases, best of `repeat` runs each (tiers on). */
function phases(input: MatchingInput, params: MatchingParams, repeat: number): PoolResult['phasesMs'] {
  const best = {
    canonical: Number.POSITIVE_INFINITY,
    scoring: Number.POSITIVE_INFINITY,
    assignment: Number.POSITIVE_INFINITY,
    explanations: Number.POSITIVE_INFINITY,
  };
  for (let k = 0; k < repeat; k++) {
    const t0 = performance.now();
    const ci = canonicalInput(input);
    const cp = canonicalParams(params);
    const digest = digestCanonical(ci, cp);
    const t1 = performance.now();
    const ctx = compileScoring(ci, cp);
    const p = poolOf(ctx, ci);
    let places = 0;
    for (const c of p.capacity) places += Math.max(0, c);
    const objective = objectiveFor(ci.mentees, p, cp, places);
    const graph = buildCandidates(ctx, p, objective.bonus);
    const t2 = performance.now();
    const assignment = solveAssignment({ graph, bonus: objective.bonus });
    const t3 = performance.now();
    explainRun({ input: ci, params: cp, ctx, graph, objective, assignment }, digest);
    const t4 = performance.now();
    best.canonical = Math.min(best.canonical, t1 - t0);
    best.scoring = Math.min(best.scoring, t2 - t1);
    best.assignment = Math.min(best.assignment, t3 - t2);
    best.explanations = Math.min(best.explanations, t4 - t3);
  }
  return best;
}

function benchPool(mentees: number, mentors: number, repeat: number): PoolResult {
  const { input, params } = pool(mentees, mentors);
  const scoreOnly = { ...params, tiers: false };
  const graph = candidateGraph(input, scoreOnly);
  const matrix = lsaMatrix(graph);
  const engine = measure(repeat, () => runMatching(input, params));
  const engineNoTiers = measure(repeat, () => runMatching(input, scoreOnly));
  const greedyRun = measure(repeat, () => greedy(graph));
  const lsa = measure(repeat, () => lsaSolve(matrix));
  const phasesMs = phases(input, params, repeat);
  // Memory last: each measurement starts with a full collection.
  engine.memoryMB = memoryOf(() => runMatching(input, params));
  engineNoTiers.memoryMB = memoryOf(() => runMatching(input, scoreOnly));
  greedyRun.memoryMB = memoryOf(() => greedy(graph));
  lsa.memoryMB = memoryOf(() => lsaSolve(lsaMatrix(graph)));
  const reference = lsa.value.total;
  const row = (solver: string, m: { ms: number; memoryMB: number }, matched: number, totalScore: number): Measure => ({
    solver,
    ms: m.ms,
    memoryMB: m.memoryMB,
    matched,
    totalScore,
    scoreGap: totalScore - reference,
    timeRatio: m.ms / lsa.ms,
  });
  const measures = [
    row('engine: tiers, constraints, explanations', engine, engine.value.summary.matched, engine.value.summary.totalScore),
    row('engine: tiers off (same objective as LSA)', engineNoTiers, engineNoTiers.value.summary.matched, engineNoTiers.value.summary.totalScore),
    row('greedy by score', greedyRun, greedyRun.value.matched, greedyRun.value.totalScore),
    row('linear-sum-assignment (solver alone)', lsa, lsa.value.matched, reference),
  ];
  const places = graph.capacity.reduce((a, c) => a + Math.max(0, c), 0);
  const graphBytes = graph.mentee.buffer.byteLength + graph.score.buffer.byteLength + graph.start.byteLength + graph.solverEnd.byteLength;
  return {
    mentees,
    mentors,
    places,
    candidatePairs: engine.value.summary.candidatePairs,
    matrixCells: graph.optimise.length * places,
    graphBytes,
    phasesMs,
    measures,
    goals: {
      optimal: engineNoTiers.value.summary.totalScore === reference,
      notBelowGreedy: engineNoTiers.value.summary.totalScore >= greedyRun.value.totalScore,
      fasterThanLsa: engine.ms <= lsa.ms,
    },
  };
}

const fixed = (x: number, digits = 1) => x.toFixed(digits);

function print(result: PoolResult, log: (line: string) => void): void {
  log(
    `\n${result.mentees} mentees × ${result.mentors} mentors, ${result.places} places; ${result.candidatePairs} candidate pairs ` +
      `(graph ${fixed(result.graphBytes / 2 ** 20)} MB; a dense matrix needs ${result.matrixCells} cells)`,
  );
  log(
    `${'solver'.padEnd(44)}${'ms'.padStart(10)}${'mem MB'.padStart(9)}${'matched'.padStart(9)}${'total score'.padStart(13)}${'gap'.padStart(9)}${'× LSA time'.padStart(12)}`,
  );
  for (const m of result.measures) {
    log(
      `${m.solver.padEnd(44)}${fixed(m.ms).padStart(10)}${fixed(m.memoryMB).padStart(9)}${String(m.matched).padStart(9)}${String(m.totalScore).padStart(13)}${String(m.scoreGap).padStart(9)}${fixed(m.timeRatio, 3).padStart(12)}`,
    );
  }
  const p = result.phasesMs;
  log(
    `engine phases (tiers on): canonical+digest ${fixed(p.canonical)} ms, scoring+graph ${fixed(p.scoring)} ms, assignment ${fixed(p.assignment)} ms, explanations ${fixed(p.explanations)} ms`,
  );
  log('gap: total score minus that of linear-sum-assignment; with tiers the engine gives up score to serve tier 1 first');
  const g = result.goals;
  log(
    `goals: optimal (gap 0 with tiers off) ${g.optimal ? 'met' : 'NOT met'}; never below greedy ${g.notBelowGreedy ? 'met' : 'NOT met'}; ` +
      `at least as fast as linear-sum-assignment ${g.fasterThanLsa ? 'met' : 'NOT met'}`,
  );
}

/** Runs the benchmark and prints its table; returns the figures (the root runner writes them). */
export function runMatchingBench(options: { scale: Scale; repeat?: number; log?: (line: string) => void }): MatchingBenchResult {
  const log = options.log ?? ((line: string) => console.log(line));
  // Warm both sides up so neither pays for compilation inside a measured run.
  for (const [mentees, mentors] of [
    [200, 60],
    [400, 90],
    [800, 200],
  ] as const) {
    const warm = pool(mentees, mentors);
    for (const tiers of [true, false, true, false]) runMatching(warm.input, { ...warm.params, tiers });
    const graph = candidateGraph(warm.input, { ...warm.params, tiers: false });
    greedy(graph);
    lsaSolve(lsaMatrix(graph));
  }
  const pools: PoolResult[] = [];
  for (const [mentees, mentors] of SIZES[options.scale]) {
    const result = benchPool(mentees, mentors, options.repeat ?? (mentees >= 5_000 ? 2 : mentees >= 2_000 ? 4 : 9));
    print(result, log);
    pools.push(result);
  }
  return {
    scale: options.scale,
    node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    loadAverage: os.loadavg(),
    pools,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--scale');
  const scale = (at >= 0 ? process.argv[at + 1] : 'small') as Scale;
  if (scale !== 'small' && scale !== 'full') {
    console.error(`--scale ${scale}: use small or full`);
    process.exit(2);
  }
  const result = runMatchingBench({ scale });
  const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  const file = join(root, 'bench-results', 'matching.json');
  writeFileSync(file, `${JSON.stringify({ part: 'matching', at: new Date().toISOString(), result }, null, 2)}\n`);
  console.log(`\nfigures written to ${file}`);
}
