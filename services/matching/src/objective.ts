import type { Pool } from './candidates';
import type { CanonicalMentee } from './canonical';
import { SCORE_MAX } from './canonical';
import { MatchingInputError } from './errors';
import type { CanonicalParams } from './types';

/**
 * The lexicographic objective as one exact integer per matched mentee.
 *
 * Order of priority: the matched count of each tier (tier 1 first), then, for `coverage`, the
 * total matched count, then the total score. A matched mentee is worth `bonus + score` with
 * `bonus = G × (tier level + coverage)`, where the tier level is the number of tiers at or below
 * the mentee's tier (untiered: 0) and `G = 1000 × L + 1` for `L` the most pairs a run can make.
 *
 * Why G suffices (and no power of L is needed): compare the optimum S of the weighted sum with any
 * assignment S'. Their difference splits into alternating paths and cycles, each of which can be
 * applied to S alone, so none of them raises the weighted sum. Each changes the tier counts by at
 * most one mentee in and one out. If S' served a higher tier better, chaining such pieces gives a
 * set that puts one mentee of that tier in and takes at most one mentee of a lower tier out:
 * its bonus gain is at least G, its score loss at most 1000 × L < G, so the weighted sum would
 * rise, a contradiction. Hence the weighted optimum is the lexicographic optimum, and all values
 * stay far below 2^53: exact in doubles.
 */
export interface Objective {
  bonus: Float64Array;
  /** The gap between two priority levels. */
  gap: number;
  /** A bonus that outweighs everything else: forces a mentee in whenever possible. */
  forceBonus: number;
}

export function objectiveFor(mentees: CanonicalMentee[], pool: Pool, params: CanonicalParams, places: number): Objective {
  let optimised = 0;
  const tiers = new Set<number>();
  mentees.forEach((m, i) => {
    if (pool.optimise[i] === 0) return;
    optimised++;
    if (params.tiers && m.tier !== null) tiers.add(m.tier);
  });
  const ordered = [...tiers].sort((a, b) => a - b);
  const levelOf = new Map(ordered.map((tier, rank) => [tier, ordered.length - rank]));
  const maxPairs = Math.max(1, Math.min(optimised, places));
  const gap = SCORE_MAX * maxPairs + 1;
  const levels = ordered.length + 2;
  const forceBonus = (maxPairs + 1) * gap * levels;
  if (2 * forceBonus >= Number.MAX_SAFE_INTEGER) {
    throw new MatchingInputError(`too many priority tiers (${ordered.length}) for a pool of this size; merge some tiers`);
  }
  const coverage = params.objective === 'coverage' ? 1 : 0;
  const bonus = new Float64Array(mentees.length);
  for (let i = 0; i < mentees.length; i++) {
    if (pool.optimise[i] === 0) continue;
    const tier = mentees[i]!.tier;
    const level = params.tiers && tier !== null ? levelOf.get(tier)! : 0;
    bonus[i] = gap * (level + coverage);
  }
  return { bonus, gap, forceBonus };
}
