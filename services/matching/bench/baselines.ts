import { linearSumAssignment } from 'linear-sum-assignment';
import { buildCandidates, type CandidateGraph, poolOf } from '../src/candidates';
import { canonicalInput, canonicalParams } from '../src/canonical';
import type { MatchingInput, MatchingParams } from '../src/index';
import { objectiveFor } from '../src/objective';
import { compileScoring } from '../src/scoring-context';

/** The candidate pairs of a pool, with tiers off: the common ground of every baseline. */
export function candidateGraph(input: MatchingInput, params: MatchingParams): CandidateGraph {
  const ci = canonicalInput(input);
  const cp = canonicalParams({ ...params, tiers: false });
  const ctx = compileScoring(ci, cp);
  const pool = poolOf(ctx, ci);
  return buildCandidates(ctx, pool, objectiveFor(ci.mentees, pool, cp, Number.POSITIVE_INFINITY).bonus);
}

export interface BaselineResult {
  matched: number;
  totalScore: number;
}

/**
 * The plain assignment by `linear-sum-assignment`: a dense value matrix, mentees × places (each
 * mentor repeated by its capacity), the pair's score where the pair is a candidate and 0 elsewhere;
 * maximised. `value` (default: the score) lets the coverage objective add a bonus per pair.
 */
export function lsaMatrix(graph: CandidateGraph, value: (score: number) => number = (s) => s): number[][] {
  const nMentees = graph.optimise.length;
  const columnsOf: number[][] = [];
  let columns = 0;
  graph.capacity.forEach((c) => {
    columnsOf.push(Array.from({ length: Math.max(0, c) }, (_, k) => columns + k));
    columns += Math.max(0, c);
  });
  const matrix = Array.from({ length: nMentees }, () => new Array<number>(columns).fill(0));
  for (let j = 0; j < columnsOf.length; j++) {
    for (let e = graph.start[j] ?? 0; e < (graph.solverEnd[j] ?? 0); e++) {
      const row = matrix[graph.mentee[e] ?? 0] as number[];
      for (const c of columnsOf[j] ?? []) row[c] = value(graph.score[e] ?? 0);
    }
  }
  return matrix;
}

/** Solves the matrix with `linear-sum-assignment`; pairs worth 0 are not pairs. */
export function lsaSolve(matrix: number[][]): { matched: number; total: number } {
  if (matrix.length === 0 || (matrix[0]?.length ?? 0) === 0) return { matched: 0, total: 0 };
  const result = linearSumAssignment(matrix, { maximaze: true });
  let matched = 0;
  let total = 0;
  matrix.forEach((row, i) => {
    const c = result.rowAssignments[i] ?? -1;
    const v = c >= 0 ? (row[c] ?? 0) : 0;
    if (v > 0) {
      matched++;
      total += v;
    }
  });
  return { matched, total };
}

/** Greedy: all candidate pairs by score (ties by mentee, then mentor), each taken if both are free. */
export function greedy(graph: CandidateGraph): BaselineResult {
  const nMentors = graph.capacity.length;
  const nMentees = graph.optimise.length;
  let pairs = 0;
  for (let j = 0; j < nMentors; j++) pairs += (graph.solverEnd[j] ?? 0) - (graph.start[j] ?? 0);
  // One number per pair, sorted natively: score descending, then mentee, then mentor.
  const keys = new Float64Array(pairs);
  let k = 0;
  for (let j = 0; j < nMentors; j++) {
    for (let e = graph.start[j] ?? 0; e < (graph.solverEnd[j] ?? 0); e++) {
      keys[k++] = ((1000 - (graph.score[e] ?? 0)) * nMentees + (graph.mentee[e] ?? 0)) * nMentors + j;
    }
  }
  keys.sort();
  const load = new Int32Array(nMentors);
  const taken = new Uint8Array(nMentees);
  let matched = 0;
  let totalScore = 0;
  for (const key of keys) {
    const j = key % nMentors;
    const rest = (key - j) / nMentors;
    const i = rest % nMentees;
    if (taken[i] === 1 || (load[j] ?? 0) >= (graph.capacity[j] ?? 0)) continue;
    taken[i] = 1;
    load[j] = (load[j] ?? 0) + 1;
    matched++;
    totalScore += 1000 - (rest - i) / nMentees;
  }
  return { matched, totalScore };
}
