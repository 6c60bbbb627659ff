import fc from 'fast-check';
import {
  CAREER_STAGES,
  type CareerStage,
  FACTORS,
  type FactorId,
  type MatchingInput,
  type MatchingParams,
  type MenteeInput,
  type MentorInput,
} from '../../src/index';

const profile = {
  topics: fc.subarray(['archives', 'film', 'streaming', 'licensing']),
  methodologies: fc.subarray(['qualitative', 'survey', 'bibliometrics']),
  careerStage: fc.constantFrom<CareerStage | null>(null, ...CAREER_STAGES),
  availability: fc.subarray(['mornings', 'evenings']),
  meetingModes: fc.subarray(['virtual', 'at-conference']),
  utcOffsetMinutes: fc.constantFrom<number | null>(null, -300, -480, 0, 60, 540),
  institution: fc.constantFrom<string | null>(null, 'Ohio State', 'UCLA'),
  eligible: fc.integer({ min: 0, max: 7 }).map((x) => x > 0),
};

const mentee = fc.record({
  ...profile,
  tier: fc.constantFrom<number | null>(1, 2, 2, null),
  supportWanted: fc.subarray(['research-design', 'publication-outlets', 'article']),
});

const mentor = fc.record({
  ...profile,
  capacity: fc.integer({ min: 1, max: 2 }),
  supportOffered: fc.subarray(['research-design', 'publication-outlets', 'article']),
  menteeStages: fc.subarray<CareerStage>([...CAREER_STAGES], { maxLength: 2 }),
});

export const params: fc.Arbitrary<MatchingParams> = fc
  .record({
    objective: fc.constantFrom<'coverage' | 'score'>('coverage', 'score'),
    tiers: fc.boolean(),
    weights: fc.record(Object.fromEntries(FACTORS.map((f) => [f, fc.integer({ min: 0, max: 3 })])) as Record<FactorId, fc.Arbitrary<number>>),
    required: fc.subarray<FactorId>([...FACTORS], { maxLength: 2 }),
    sameInstitutionForbidden: fc.boolean(),
    minScore: fc.constantFrom(1, 1, 250, 500),
  })
  .map((p) => ({
    ...p,
    weights: Object.values(p.weights).some((w) => w > 0) ? p.weights : { ...p.weights, topics: 1 },
    tierLabels: { '1': 'new librarians', '2': 'students' },
  }));

/** A small pool (up to `maxMentees` × `maxMentors`) with conflicts and fixed pairs. */
export function smallInput(maxMentees = 6, maxMentors = 3): fc.Arbitrary<MatchingInput> {
  return fc
    .record({
      mentees: fc.array(mentee, { minLength: 1, maxLength: maxMentees }),
      mentors: fc.array(mentor, { minLength: 0, maxLength: maxMentors }),
      forbidden: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
      fixed: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 2 }),
    })
    .map(({ mentees, mentors, forbidden, fixed }) => {
      const menteeInputs: MenteeInput[] = mentees.map((m, k) => ({ ...m, id: `e${k}` }));
      const mentorInputs: MentorInput[] = mentors.map((m, k) => ({ ...m, id: `r${k}` }));
      if (mentorInputs.length === 0) return { mentees: menteeInputs, mentors: mentorInputs };
      const pair = ([a, b]: [number, number]) => ({
        menteeId: `e${a % menteeInputs.length}`,
        mentorId: `r${b % mentorInputs.length}`,
      });
      const forbiddenPairs = forbidden.map(pair).map((p) => ({ ...p, reason: 'declared conflict of interest' }));
      const banned = new Set(forbiddenPairs.map((p) => `${p.menteeId}/${p.mentorId}`));
      const fixedPairs: { menteeId: string; mentorId: string }[] = [];
      const load = new Map<string, number>();
      for (const p of fixed.map(pair)) {
        const capacity = mentorInputs.find((m) => m.id === p.mentorId)?.capacity ?? 0;
        if (banned.has(`${p.menteeId}/${p.mentorId}`)) continue;
        if (fixedPairs.some((f) => f.menteeId === p.menteeId)) continue;
        if ((load.get(p.mentorId) ?? 0) >= capacity) continue;
        load.set(p.mentorId, (load.get(p.mentorId) ?? 0) + 1);
        fixedPairs.push(p);
      }
      return { mentees: menteeInputs, mentors: mentorInputs, forbiddenPairs, fixedPairs };
    });
}
