import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCandidates, poolOf } from '../src/candidates';
import { canonicalInput, canonicalParams } from '../src/canonical';
import { type MatchingParams, type MenteeInput, type MentorInput, scorePair } from '../src/index';
import { objectiveFor } from '../src/objective';
import { factorOutcomes, failedRequirements, weightedScore } from '../src/scoring';
import { compileScoring, evaluatePair, packedScore } from '../src/scoring-context';
import { generateInstance } from './support/generate';
import { oraclePool } from './support/oracle';

const lrrt: MatchingParams = {
  objective: 'score',
  tiers: false,
  weights: { topics: 3, methodology: 3, support: 3, careerStage: 1, availability: 1, meetingMode: 1, timeZone: 2 },
  labels: {
    qualitative: 'qualitative methods',
    'publication-outlets': 'publication outlets',
    'research-design': 'research design',
  },
};

describe('a pair is scored from the weighted factors, in words', () => {
  const mentee: MenteeInput = {
    id: 'mentee-1',
    eligible: true,
    topics: ['information-literacy', 'open-access'],
    methodologies: ['qualitative'],
    supportWanted: ['publication-outlets', 'research-design'],
    careerStage: 'early-career',
    meetingModes: ['virtual'],
    utcOffsetMinutes: -300,
  };
  const mentor: MentorInput = {
    id: 'mentor-1',
    eligible: true,
    capacity: 2,
    topics: ['open-access', 'scholarly-communication'],
    methodologies: ['qualitative', 'survey'],
    supportOffered: ['publication-outlets'],
    careerStage: 'senior',
    meetingModes: ['virtual', 'at-conference'],
    utcOffsetMinutes: -480,
  };

  it('explains each factor as a committee member would say it', () => {
    const pair = scorePair(mentee, mentor, lrrt);
    const text = Object.fromEntries(pair.factors.map((f) => [f.factor, f.text]));
    expect(text).toEqual({
      topics: "the mentor shares 1 of the mentee's 2 topics: open access",
      methodology: 'both work with qualitative methods',
      support: 'the mentee wants help with publication outlets and research design; the mentor offers publication outlets',
      careerStage: 'the mentor (senior) is further along than the mentee (early-career)',
      availability: 'availability not given by both',
      meetingMode: 'both can meet virtually',
      timeZone: '3 hours apart (the mentee at UTC-5, the mentor at UTC-8)',
    });
  });

  it('averages the applicable factors by weight, as an integer out of 1000', () => {
    const pair = scorePair(mentee, mentor, lrrt);
    const scores = Object.fromEntries(pair.factors.map((f) => [f.factor, f.score]));
    expect(scores).toEqual({
      topics: 500,
      methodology: 1000,
      support: 500,
      careerStage: 1000,
      availability: 0,
      meetingMode: 1000,
      timeZone: 625,
    });
    // (3·500 + 3·1000 + 3·500 + 1·1000 + 1·1000 + 2·625) / (3+3+3+1+1+2), availability not given
    expect(pair.score).toBe(Math.round((1500 + 3000 + 1500 + 1000 + 1000 + 1250) / 13));
    expect(pair.factors.find((f) => f.factor === 'availability')?.applicable).toBe(false);
  });

  it('leaves unweighted factors out of the breakdown', () => {
    const pair = scorePair(mentee, mentor, { ...lrrt, weights: { methodology: 1 } });
    expect(pair.factors.map((f) => f.factor)).toEqual(['methodology']);
    expect(pair.score).toBe(1000);
  });
});

describe('the compiled scorer agrees with the reference rules', () => {
  const options = fc.record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    vocabulary: fc.constantFrom<[number, number, number]>([24, 8, 6], [70, 40, 34]),
    required: fc.constantFrom<MatchingParams['required']>([], ['methodology'], ['availability', 'timeZone'], ['careerStage', 'support']),
    minScore: fc.constantFrom(1, 300, 600),
    sameInstitutionForbidden: fc.boolean(),
    zeroWeights: fc.subarray(['topics', 'availability', 'timeZone', 'careerStage'] as const),
  });

  it('keeps exactly the pairs that pass every hard constraint, with the same scores', () => {
    fc.assert(
      fc.property(options, (o) => {
        const { input, params } = generateInstance({
          mentees: 40,
          mentors: 12,
          seed: o.seed,
          vocabulary: o.vocabulary,
          institutions: 4,
          fixed: 2,
          forbiddenPerMentee: 0.3,
        });
        const weights = { ...params.weights };
        for (const f of o.zeroWeights) weights[f] = 0;
        const run = { ...params, required: o.required, minScore: o.minScore, weights, sameInstitutionForbidden: o.sameInstitutionForbidden };
        const ci = canonicalInput(input);
        const cp = canonicalParams(run);
        const ctx = compileScoring(ci, cp);
        const pool = poolOf(ctx, ci);
        const graph = buildCandidates(ctx, pool, objectiveFor(ci.mentees, pool, cp, 1e6).bonus);
        const compiled = new Set<string>();
        for (let j = 0; j < ci.mentors.length; j++) {
          for (let e = graph.start[j] ?? 0; e < (graph.solverEnd[j] ?? 0); e++) {
            compiled.add(`${graph.mentee[e]}/${j}/${graph.score[e]}`);
          }
        }
        const reference = new Set<string>();
        oraclePool(input, run).candidates.forEach((list, i) => {
          for (const c of list) reference.add(`${i}/${c.mentor}/${c.score}`);
        });
        expect([...compiled].sort()).toEqual([...reference].sort());
        // and pair by pair, whatever the constraints
        ci.mentees.forEach((mentee, i) => {
          ci.mentors.forEach((mentor, j) => {
            const outcomes = factorOutcomes(mentee, mentor, cp.labels);
            const packed = evaluatePair(ctx, i, j);
            expect(packedScore(packed)).toBe(weightedScore(outcomes, cp.weights));
            expect(packed > 1000).toBe(failedRequirements(outcomes, cp).length > 0);
          });
        });
      }),
      { numRuns: 30 },
    );
  });
});
