import fc from 'fast-check';
import { linearSumAssignment } from 'linear-sum-assignment';
import { describe, expect, it } from 'vitest';
import type { CandidateGraph } from '../src/candidates';
import { type AssignmentProblem, solveByMentees, solveByPlaces } from '../src/solver';

/** A random candidate graph in the engine's layout: rows per mentor, sorted by value. */
function graphOf(nMentees: number, capacity: number[], edges: { i: number; j: number; s: number }[], bonus: Float64Array): CandidateGraph {
  const nMentors = capacity.length;
  const unique = new Map(edges.map((e) => [`${e.i}/${e.j}`, e]));
  const rows = Array.from({ length: nMentors }, (_, j) =>
    [...unique.values()].filter((e) => e.j === j).sort((a, b) => (bonus[b.i] ?? 0) + b.s - ((bonus[a.i] ?? 0) + a.s) || a.i - b.i),
  );
  const start = new Int32Array(nMentors + 1);
  rows.forEach((row, j) => {
    start[j + 1] = (start[j] ?? 0) + row.length;
  });
  const flat = rows.flat();
  const values = [...new Set(bonus)].sort((a, b) => b - a);
  const level = Int32Array.from(bonus, (b) => values.indexOf(b));
  const levelStart = new Int32Array(nMentors * (values.length + 1));
  rows.forEach((row, j) => {
    for (let r = 0; r <= values.length; r++) {
      levelStart[j * (values.length + 1) + r] = (start[j] ?? 0) + row.filter((e) => (level[e.i] ?? 0) < r).length;
    }
  });
  return {
    levels: values.length,
    level,
    levelStart,
    optimise: new Uint8Array(nMentees).fill(1),
    fixedMentor: new Int32Array(nMentees).fill(-1),
    fixedLoad: new Int32Array(nMentors),
    capacity: Int32Array.from(capacity),
    start,
    solverEnd: start.slice(1),
    mentee: Int32Array.from(flat, (e) => e.i),
    score: Int16Array.from(flat, (e) => e.s),
    candidatePairs: flat.length,
  };
}

/** The optimum by `linear-sum-assignment`, mentors repeated by capacity, non-edges worth 0. */
function referenceValue(problem: AssignmentProblem): number {
  const { graph, bonus } = problem;
  const columns: number[] = [];
  graph.capacity.forEach((c, j) => {
    for (let k = 0; k < c; k++) columns.push(j);
  });
  const n = graph.optimise.length;
  if (columns.length === 0 || n === 0) return 0;
  const value = Array.from({ length: n }, () => new Array<number>(columns.length).fill(0));
  for (let j = 0; j < graph.capacity.length; j++) {
    for (let e = graph.start[j] ?? 0; e < (graph.start[j + 1] ?? 0); e++) {
      const i = graph.mentee[e] ?? 0;
      columns.forEach((col, c) => {
        if (col === j) (value[i] as number[])[c] = (bonus[i] ?? 0) + (graph.score[e] ?? 0);
      });
    }
  }
  const result = linearSumAssignment(value, { maximaze: true });
  let total = 0;
  for (let i = 0; i < n; i++) {
    const c = result.rowAssignments[i] ?? -1;
    if (c >= 0) total += (value[i] as number[])[c] ?? 0;
  }
  return total;
}

const problems = fc
  .record({
    nMentees: fc.integer({ min: 1, max: 25 }),
    capacity: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 10 }),
    levels: fc.constantFrom(0, 1, 2, 3),
    density: fc.double({ min: 0.1, max: 1, noNaN: true }),
    seed: fc.integer(),
    scores: fc.constantFrom('coarse', 'fine'),
  })
  .map(({ nMentees, capacity, levels, density, seed, scores }) => {
    let state = seed >>> 0;
    const random = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    const gap = 1000 * Math.min(nMentees, 75) + 1;
    const bonus = Float64Array.from({ length: nMentees }, () => gap * Math.floor(random() * (levels + 1)));
    const edges: { i: number; j: number; s: number }[] = [];
    for (let i = 0; i < nMentees; i++) {
      for (let j = 0; j < capacity.length; j++) {
        if (random() >= density) continue;
        const s = scores === 'coarse' ? 100 * (1 + Math.floor(random() * 4)) : 1 + Math.floor(random() * 1000);
        edges.push({ i, j, s });
      }
    }
    return { graph: graphOf(nMentees, capacity, edges, bonus), bonus };
  });

describe('both solvers are exact', () => {
  it('the places-side solver reaches the optimum of linear-sum-assignment', () => {
    fc.assert(
      fc.property(problems, (problem) => {
        expect(solveByPlaces(problem).value).toBe(referenceValue(problem));
      }),
      { numRuns: 300 },
    );
  });

  it('the mentees-side solver reaches the optimum of linear-sum-assignment', () => {
    fc.assert(
      fc.property(problems, (problem) => {
        expect(solveByMentees(problem).value).toBe(referenceValue(problem));
      }),
      { numRuns: 300 },
    );
  });

  it('never gives a mentor more mentees than places, nor a mentee two mentors', () => {
    fc.assert(
      fc.property(problems, (problem) => {
        for (const solve of [solveByPlaces, solveByMentees]) {
          const { mentorOf, load } = solve(problem);
          const counted = new Int32Array(problem.graph.capacity.length);
          for (const j of mentorOf) if (j >= 0) counted[j] = (counted[j] ?? 0) + 1;
          expect(Array.from(counted)).toEqual(Array.from(load));
          load.forEach((l, j) => {
            expect(l).toBeLessThanOrEqual(problem.graph.capacity[j] ?? 0);
          });
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('the solver on larger random graphs', () => {
  it('reaches the optimum of linear-sum-assignment with tiers, coarse and fine scores', () => {
    fc.assert(
      fc.property(
        fc.record({ seed: fc.integer(), size: fc.integer({ min: 30, max: 90 }) }).map(({ seed, size }) => {
          let state = seed >>> 0;
          const random = () => {
            state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
            return state / 2 ** 32;
          };
          const nMentees = size;
          const capacity = Array.from({ length: Math.max(2, Math.floor(size / 4)) }, () => 1 + Math.floor(random() * 3));
          const gap = 1000 * nMentees + 1;
          const levels = Math.floor(random() * 3);
          const bonus = Float64Array.from({ length: nMentees }, () => gap * Math.floor(random() * (levels + 1)));
          const edges: { i: number; j: number; s: number }[] = [];
          const coarse = random() < 0.5;
          for (let i = 0; i < nMentees; i++) {
            for (let j = 0; j < capacity.length; j++) {
              if (random() < 0.5) edges.push({ i, j, s: coarse ? 250 * (1 + Math.floor(random() * 4)) : 1 + Math.floor(random() * 1000) });
            }
          }
          return { graph: graphOf(nMentees, capacity, edges, bonus), bonus };
        }),
        (problem) => {
          const reference = referenceValue(problem);
          expect(solveByPlaces(problem).value).toBe(reference);
          expect(solveByMentees(problem).value).toBe(reference);
        },
      ),
      { numRuns: 40 },
    );
  });
});
