import { describe, expect, it } from 'vitest';
import { candidateGraph, greedy, lsaMatrix, lsaSolve } from '../bench/baselines';
import { runMatching } from '../src/index';
import { generateInstance } from './support/generate';

describe('with tiers off, the engine reaches the optimum of linear-sum-assignment', () => {
  it.each([
    [1, 40, 12],
    [2, 150, 50],
    [3, 300, 100],
    [4, 600, 150],
    [5, 2000, 500],
    // The benchmark's largest pool takes a few seconds more; the benchmark checks it on every run.
    ...(process.env.MATCHING_FULL_SCALE === '1' ? [[6, 5000, 1000]] : []),
  ])('highest total score, pool %i (%i × %i)', (seed, mentees, mentors) => {
    const { input, params } = generateInstance({ mentees, mentors, seed, fixed: 0 });
    const run = { ...params, tiers: false, objective: 'score' as const };
    const graph = candidateGraph(input, run);
    const reference = lsaSolve(lsaMatrix(graph));
    const result = runMatching(input, run);
    expect(result.summary.totalScore).toBe(reference.total);
    expect(result.summary.totalScore).toBeGreaterThanOrEqual(greedy(graph).totalScore);
  });

  it.each([
    [7, 200, 60],
    [8, 500, 120],
  ])('most people matched, pool %i (%i × %i)', (seed, mentees, mentors) => {
    const { input, params } = generateInstance({ mentees, mentors, seed, fixed: 0 });
    const run = { ...params, tiers: false, objective: 'coverage' as const, required: ['methodology' as const] };
    const graph = candidateGraph(input, run);
    const gap = 1000 * mentees + 1;
    const reference = lsaSolve(lsaMatrix(graph, (s) => gap + s));
    const result = runMatching(input, run);
    expect(result.summary.matched).toBe(reference.matched);
    expect(result.summary.matched * gap + result.summary.totalScore).toBe(reference.total);
  });
});
