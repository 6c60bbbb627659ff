import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MatchingInput, type MatchingParams, type MatchingResult, runMatching, scorePair } from '../src/index';
import { generateInstance } from './support/generate';

const pools = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  mentees: fc.integer({ min: 20, max: 160 }),
  mentors: fc.integer({ min: 3, max: 40 }),
  tiers: fc.constantFrom(0, 2, 3),
  fixed: fc.integer({ min: 0, max: 4 }),
  objective: fc.constantFrom<'coverage' | 'score'>('coverage', 'score'),
  required: fc.constantFrom<MatchingParams['required']>([], ['methodology'], ['topics', 'meetingMode']),
  minScore: fc.constantFrom(1, 400),
  vocabulary: fc.constantFrom<[number, number, number]>([24, 8, 6], [40, 36, 5]),
});

function instance(options: {
  seed: number;
  mentees: number;
  mentors: number;
  tiers: number;
  fixed: number;
  objective: 'coverage' | 'score';
  required: MatchingParams['required'];
  minScore: number;
  vocabulary: [number, number, number];
}): { input: MatchingInput; params: MatchingParams } {
  const { input, params } = generateInstance(options);
  return {
    input,
    params: { ...params, objective: options.objective, required: options.required, minScore: options.minScore },
  };
}

const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]));

function checkHardConstraints(input: MatchingInput, params: MatchingParams, result: MatchingResult): void {
  const mentees = byId(input.mentees);
  const mentors = byId(input.mentors);
  const fixed = new Set((input.fixedPairs ?? []).map((p) => `${p.menteeId}/${p.mentorId}`));
  const forbidden = new Set((input.forbiddenPairs ?? []).map((p) => `${p.menteeId}/${p.mentorId}`));
  const taken = new Map<string, number>();
  const seen = new Set<string>();
  for (const p of result.proposals) {
    expect(seen.has(p.menteeId), `${p.menteeId} proposed twice`).toBe(false);
    seen.add(p.menteeId);
    taken.set(p.mentorId, (taken.get(p.mentorId) ?? 0) + 1);
    const key = `${p.menteeId}/${p.mentorId}`;
    expect(p.fixed).toBe(fixed.has(key));
    if (p.fixed) continue;
    const mentee = mentees.get(p.menteeId);
    const mentor = mentors.get(p.mentorId);
    if (mentee === undefined || mentor === undefined) throw new Error('unknown id in a proposal');
    expect(mentee.eligible && mentor.eligible).toBe(true);
    expect(forbidden.has(key)).toBe(false);
    if (params.sameInstitutionForbidden) expect(mentee.institution).not.toBe(mentor.institution);
    const pair = scorePair(mentee, mentor, params);
    expect(pair.score).toBe(p.score);
    expect(p.score).toBeGreaterThanOrEqual(params.minScore ?? 1);
    for (const factor of params.required ?? []) {
      const f = pair.factors.find((x) => x.factor === factor);
      if (f?.applicable) expect(f.score, `${key} misses required ${factor}`).toBeGreaterThan(0);
    }
  }
  for (const pair of fixed) expect(result.proposals.some((p) => `${p.menteeId}/${p.mentorId}` === pair)).toBe(true);
  for (const [mentorId, count] of taken) {
    expect(count).toBeLessThanOrEqual(mentors.get(mentorId)?.capacity ?? 0);
  }
  for (const place of result.mentorPlaces) expect(place.taken).toBe(taken.get(place.mentorId) ?? 0);
  expect(result.proposals.length + result.unmatched.length).toBe(input.mentees.length);
}

describe('hard constraints', () => {
  it('hold for every proposal: capacity, eligibility, conflicts, institutions, requirements, fixed pairs', () => {
    fc.assert(
      fc.property(pools, (options) => {
        const { input, params } = instance(options);
        for (const tiers of [false, true]) {
          const run = { ...params, tiers };
          checkHardConstraints(input, run, runMatching(input, run));
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('priority tiers', () => {
  it('match as many of the first tier as could be matched without any other tier', () => {
    fc.assert(
      fc.property(pools, (options) => {
        const { input, params } = instance({ ...options, tiers: 2 });
        const run = { ...params, tiers: true };
        const result = runMatching(input, run);
        const fixedMentees = new Set((input.fixedPairs ?? []).map((p) => p.menteeId));
        const firstTier = input.mentees.filter((m) => m.tier === 1 || fixedMentees.has(m.id));
        const kept = new Set(firstTier.map((m) => m.id));
        const forbiddenPairs = (input.forbiddenPairs ?? []).filter((p) => kept.has(p.menteeId));
        const alone = runMatching({ ...input, mentees: firstTier, forbiddenPairs }, { ...run, objective: 'coverage', tiers: false });
        const count = (r: MatchingResult) => r.proposals.filter((p) => !p.fixed && input.mentees.find((m) => m.id === p.menteeId)?.tier === 1).length;
        expect(count(result)).toBe(count(alone));
      }),
      { numRuns: 40 },
    );
  });

  it('never leave a mentee waiting while a lower tier holds a place with a mentor who fits them', () => {
    fc.assert(
      fc.property(pools, (options) => {
        const { input, params } = instance({ ...options, tiers: 3 });
        const run = { ...params, tiers: true };
        const result = runMatching(input, run);
        const tierOf = new Map(input.mentees.map((m) => [m.id, m.tier ?? null]));
        const holders = new Map<string, (number | null)[]>();
        for (const p of result.proposals) {
          if (p.fixed) continue;
          holders.set(p.mentorId, [...(holders.get(p.mentorId) ?? []), tierOf.get(p.menteeId) ?? null]);
        }
        for (const u of result.unmatched) {
          const capacity = u.reasons.find((r) => r.code === 'capacity');
          if (capacity === undefined || u.reasons.length > 1 || u.tier === null) continue;
          for (const mentorId of capacity.mentorIds) {
            for (const tier of holders.get(mentorId) ?? []) {
              expect(tier === null || tier <= u.tier, `${u.menteeId} (tier ${u.tier}) waits while ${mentorId} holds tier ${tier}`).toBe(true);
            }
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('say so when places go to a higher tier: "students wait for remaining capacity"', () => {
    const { input, params } = generateInstance({ mentees: 150, mentors: 30, seed: 7, tiers: 2 });
    const result = runMatching(input, { ...params, tiers: true });
    const waiting = result.unmatched.filter((u) => u.reasons.length === 1 && u.reasons.some((r) => r.heldBy === 'higher-tier'));
    expect(waiting.length).toBeGreaterThan(0);
    for (const u of waiting) {
      expect(u.tier).toBe(2);
      expect(u.text).toMatch(/^Students wait for remaining capacity: .* full with new librarians\.$/);
    }
  });
});

describe('objectives', () => {
  it('coverage matches at least as many people as score, and score reaches at least the total of coverage', () => {
    fc.assert(
      fc.property(pools, (options) => {
        const { input, params } = instance({ ...options, tiers: 0 });
        const coverage = runMatching(input, { ...params, objective: 'coverage', tiers: false });
        const score = runMatching(input, { ...params, objective: 'score', tiers: false });
        expect(coverage.summary.matched).toBeGreaterThanOrEqual(score.summary.matched);
        expect(score.summary.totalScore).toBeGreaterThanOrEqual(coverage.summary.totalScore);
      }),
      { numRuns: 30 },
    );
  });
});
