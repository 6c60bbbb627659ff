import { buildCandidates, type CandidateGraph, poolOf, type Relaxation } from './candidates';
import type { CanonicalInput } from './canonical';
import { type Objective, objectiveFor } from './objective';
import { compileScoring, type ScoringContext } from './scoring-context';
import { type Assignment, solveAssignment } from './solver';
import type { CanonicalParams } from './types';

/** Everything one solve produced, for explanations and counterfactual checks. */
export interface SolvedRun {
  input: CanonicalInput;
  params: CanonicalParams;
  ctx: ScoringContext;
  graph: CandidateGraph;
  objective: Objective;
  assignment: Assignment;
}

/**
 * Scores, builds the candidate graph and solves, on canonical data. `relaxation` relaxes one
 * mentee's constraints; `force` is a mentee to put in whenever any assignment can.
 */
export function solveCanonical(input: CanonicalInput, params: CanonicalParams, relaxation?: Relaxation, force?: number): SolvedRun {
  const ctx = compileScoring(input, params);
  const pool = poolOf(ctx, input, relaxation);
  let places = 0;
  for (let j = 0; j < pool.capacity.length; j++) places += Math.max(0, pool.capacity[j]!);
  // An unlimited relaxation may raise capacities while the graph is built: bound by the pool.
  if (relaxation?.unlimited) places = Number.POSITIVE_INFINITY;
  const objective = objectiveFor(input.mentees, pool, params, places);
  const bonus = objective.bonus;
  if (force !== undefined) bonus[force]! += objective.forceBonus;
  const graph = buildCandidates(ctx, pool, bonus, relaxation);
  const assignment = solveAssignment({ graph, bonus });
  if (force !== undefined) {
    bonus[force]! -= objective.forceBonus;
    if (assignment.mentorOf[force]! >= 0) assignment.value -= objective.forceBonus;
  }
  return { input, params, ctx, graph, objective, assignment };
}

/**
 * Whether some optimal assignment matches mentee `i` (after `relaxation`): the best assignment
 * that must include `i` is worth exactly as much as the best assignment overall.
 */
export function matchableIn(input: CanonicalInput, params: CanonicalParams, i: number, relaxation?: Relaxation): boolean {
  const free = solveCanonical(input, params, relaxation);
  if (free.assignment.mentorOf[i]! >= 0) return true;
  const forced = solveCanonical(input, params, relaxation, i);
  return forced.assignment.mentorOf[i]! >= 0 && forced.assignment.value === free.assignment.value;
}
