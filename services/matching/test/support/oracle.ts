import { canonicalInput, canonicalParams } from '../../src/canonical';
import type { MatchingInput, MatchingParams, UnmatchedReason } from '../../src/index';
import { factorOutcomes, failedRequirements, weightedScore } from '../../src/scoring';

/**
 * A reference implementation of the rules, written for clarity and independent of the engine's
 * compiled scoring, candidate graph and solvers: it lists each mentee's candidates from the
 * detailed scorer and enumerates every assignment. Only for small pools.
 */
export interface OracleCandidate {
  mentor: number;
  score: number;
}

export interface OraclePool {
  menteeIds: string[];
  mentorIds: string[];
  tiers: (number | null)[];
  /** Per mentee: candidates (empty for fixed or ineligible mentees). */
  candidates: OracleCandidate[][];
  /** Per mentee: index of its fixed mentor or -1. */
  fixed: number[];
  /** Places left per mentor after the fixed pairs. */
  capacity: number[];
  optimise: boolean[];
}

export type ReasonSet = Pick<UnmatchedReason, 'code' | 'factor'>[];

/** The candidates the rules allow, optionally with one mentee's constraints relaxed. */
export function oraclePool(input: MatchingInput, params: MatchingParams, relax?: { menteeId: string; reasons: ReasonSet }): OraclePool {
  const ci = canonicalInput(input);
  const cp = canonicalParams(params);
  const relaxedCodes = new Set(relax?.reasons.map((r) => r.code) ?? []);
  const relaxedFactors = new Set(relax?.reasons.flatMap((r) => (r.factor === undefined ? [] : [r.factor])) ?? []);
  const forbidden = new Set(ci.forbiddenPairs.map((p) => `${p.menteeId}/${p.mentorId}`));
  const fixedOf = new Map(ci.fixedPairs.map((p) => [p.menteeId, p.mentorId]));
  const capacity = ci.mentors.map((m) => m.capacity - ci.fixedPairs.filter((p) => p.mentorId === m.id).length);
  const candidates: OracleCandidate[][] = [];
  const optimise: boolean[] = [];
  ci.mentees.forEach((mentee) => {
    const relaxed = relax?.menteeId === mentee.id;
    const has = (code: UnmatchedReason['code']) => relaxed && relaxedCodes.has(code);
    const eligible = mentee.eligible || has('ineligible');
    const isFixed = fixedOf.has(mentee.id);
    optimise.push(eligible && !isFixed);
    const list: OracleCandidate[] = [];
    if (eligible && !isFixed) {
      ci.mentors.forEach((mentor, j) => {
        if (!mentor.eligible && !has('mentor-ineligible')) return;
        if (forbidden.has(`${mentee.id}/${mentor.id}`) && !has('forbidden-pair')) return;
        const sameInstitution =
          cp.sameInstitutionForbidden &&
          mentee.institution !== null &&
          mentor.institution !== null &&
          mentee.institution.toLowerCase() === mentor.institution.toLowerCase();
        if (sameInstitution && !has('same-institution')) return;
        const outcomes = factorOutcomes(mentee, mentor, cp.labels);
        const failed = failedRequirements(outcomes, cp).filter((f) => !(relaxed && relaxedFactors.has(f)));
        if (failed.length > 0) return;
        const score = weightedScore(outcomes, cp.weights);
        if (score < cp.minScore && !has('below-min-score')) return;
        list.push({ mentor: j, score });
      });
    }
    candidates.push(list);
  });
  if (relax !== undefined && relaxedCodes.has('capacity')) {
    const m = ci.mentees.findIndex((x) => x.id === relax.menteeId);
    for (const c of candidates[m] ?? []) capacity[c.mentor] = ci.mentees.length + 1;
  }
  // Ineligible mentors have no places except for a mentee relaxed to use them.
  ci.mentors.forEach((mentor, j) => {
    if (!mentor.eligible && !(relax !== undefined && relaxedCodes.has('mentor-ineligible'))) capacity[j] = 0;
  });
  return {
    menteeIds: ci.mentees.map((m) => m.id),
    mentorIds: ci.mentors.map((m) => m.id),
    tiers: ci.mentees.map((m) => m.tier),
    candidates,
    fixed: ci.mentees.map((m) => {
      const mentorId = fixedOf.get(m.id);
      return mentorId === undefined ? -1 : ci.mentors.findIndex((x) => x.id === mentorId);
    }),
    capacity,
    optimise,
  };
}

/** The lexicographic objective of a choice (per mentee: index into its candidates, or -1). */
export function objectiveVector(pool: OraclePool, params: MatchingParams, choice: number[]): number[] {
  const tiers = params.tiers ? [...new Set(pool.tiers.filter((t, i): t is number => t !== null && pool.optimise[i] === true))].sort((a, b) => a - b) : [];
  const counts = tiers.map(() => 0);
  let matched = 0;
  let score = 0;
  choice.forEach((c, i) => {
    if (c < 0) return;
    const candidate = pool.candidates[i]?.[c];
    if (candidate === undefined) return;
    matched++;
    score += candidate.score;
    const tier = pool.tiers[i];
    const rank = tier === null || tier === undefined ? -1 : tiers.indexOf(tier);
    if (rank >= 0) counts[rank] = (counts[rank] ?? 0) + 1;
  });
  return [...counts, ...(params.objective === 'coverage' ? [matched] : []), score];
}

export const compareVectors = (a: number[], b: number[]): number => {
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    const d = (a[k] ?? 0) - (b[k] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};

/** Every feasible choice, best objective first reported through `visit`. */
function enumerate(pool: OraclePool, visit: (choice: number[]) => void): void {
  const n = pool.candidates.length;
  const load = pool.capacity.map(() => 0);
  const choice = new Array<number>(n).fill(-1);
  const step = (i: number) => {
    if (i === n) {
      visit(choice);
      return;
    }
    choice[i] = -1;
    step(i + 1);
    const list = pool.candidates[i] ?? [];
    list.forEach((candidate, c) => {
      const j = candidate.mentor;
      if ((load[j] ?? 0) >= (pool.capacity[j] ?? 0)) return;
      load[j] = (load[j] ?? 0) + 1;
      choice[i] = c;
      step(i + 1);
      load[j] = (load[j] ?? 0) - 1;
      choice[i] = -1;
    });
  };
  step(0);
}

/** The best objective vector over all assignments; with `mustMatch`, over those matching that mentee. */
export function bestVector(pool: OraclePool, params: MatchingParams, mustMatch?: number): number[] | null {
  let best: number[] | null = null;
  enumerate(pool, (choice) => {
    if (mustMatch !== undefined && (choice[mustMatch] ?? -1) < 0) return;
    const v = objectiveVector(pool, params, choice);
    if (best === null || compareVectors(v, best) > 0) best = v;
  });
  return best;
}

/** The objective vector of the engine's proposals, in the oracle's terms. */
export function vectorOfProposals(pool: OraclePool, params: MatchingParams, proposals: { menteeId: string; mentorId: string; fixed: boolean }[]): number[] {
  const choice = pool.menteeIds.map(() => -1);
  for (const p of proposals) {
    if (p.fixed) continue;
    const i = pool.menteeIds.indexOf(p.menteeId);
    const j = pool.mentorIds.indexOf(p.mentorId);
    const c = (pool.candidates[i] ?? []).findIndex((x) => x.mentor === j);
    if (c < 0) throw new Error(`proposal ${p.menteeId}–${p.mentorId} is not a candidate pair`);
    choice[i] = c;
  }
  return objectiveVector(pool, params, choice);
}

/** Whether some optimal assignment of the (relaxed) pool matches the mentee. */
export function oracleMatchable(input: MatchingInput, params: MatchingParams, menteeId: string, reasons: ReasonSet): boolean {
  const pool = oraclePool(input, params, { menteeId, reasons });
  const i = pool.menteeIds.indexOf(menteeId);
  const best = bestVector(pool, params);
  const withMentee = bestVector(pool, params, i);
  return best !== null && withMentee !== null && compareVectors(best, withMentee) === 0;
}
