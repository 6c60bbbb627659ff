import {
  type CareerStage as EngineCareerStage,
  inputsDigest,
  type MatchingInput,
  type MatchingParams,
  type MatchingResult,
  type MenteeInput,
  type MentorInput,
  runMatching,
} from '@tandem/matching';
import type { AnswerValue } from '../template/template.rules';
import type { MatchingPolicy } from '../template/template.types';
import { applicationsOf, freePlaces, isMatched } from './capacity';
import type { MatchRunParameters, RunProposal, RunUnmatched } from './program.events';
import type { ApplicationRecord, Program } from './program.state';

const list = (value: AnswerValue | undefined): string[] => (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []);

const source = (a: ApplicationRecord, policy: MatchingPolicy, factor: keyof MatchingPolicy['sources']): string[] | undefined => {
  const s = policy.sources[factor];
  return s ? list(a.answers[a.role === 'mentor' ? s.mentor : s.mentee]) : undefined;
};

const profile = (a: ApplicationRecord, policy: MatchingPolicy) => ({
  id: a.applicationId,
  eligible: true,
  topics: source(a, policy, 'topics') ?? [],
  methodologies: source(a, policy, 'methodology') ?? [],
  careerStage: a.careerStage as EngineCareerStage,
  availability: source(a, policy, 'availability') ?? [],
  meetingModes: source(a, policy, 'meetingMode') ?? [],
});

/**
 * The pool a match run works on, from the program state alone: eligible mentees not yet in a pair,
 * eligible mentors with the places they have left, the forbidden pairs among them. Waitlisted
 * mentees wait for the reactor to promote them. Affiliation is personal data, so the engine's
 * same-institution rule stays off here.
 */
export const buildMatchingInput = (state: Program, objective?: 'coverage' | 'score' | null): { input: MatchingInput; params: MatchingParams } => {
  const t = state.template;
  const mentees: MenteeInput[] = applicationsOf(state, 'mentee')
    .filter((a) => a.status === 'eligible' && !isMatched(state, a.applicationId))
    .map((a) => ({ ...profile(a, t.matching), tier: t.tiers.length > 0 ? a.tier : null, supportWanted: source(a, t.matching, 'support') ?? [] }));
  const mentors: MentorInput[] = applicationsOf(state, 'mentor')
    .filter((a) => freePlaces(state, a) > 0)
    .map((a) => ({ ...profile(a, t.matching), capacity: freePlaces(state, a), supportOffered: source(a, t.matching, 'support') ?? [] }));
  const ids = new Set([...mentees.map((m) => m.id), ...mentors.map((m) => m.id)]);
  const forbiddenPairs = Object.entries(state.forbidden)
    .map(([key, reason]) => {
      const [mentorId = '', menteeId = ''] = key.split('|');
      return { mentorId, menteeId, reason };
    })
    .filter((f) => ids.has(f.mentorId) && ids.has(f.menteeId));
  const labels: Record<string, string> = {};
  for (const q of t.questions) for (const o of q.options ?? []) labels[o.value] = o.label;
  const params: MatchingParams = {
    objective: objective ?? t.matching.objective,
    tiers: t.tiers.length > 0,
    weights: t.matching.weights,
    required: t.matching.required ?? [],
    sameInstitutionForbidden: false,
    ...(t.matching.minScore === undefined ? {} : { minScore: t.matching.minScore }),
    labels,
    tierLabels: Object.fromEntries(t.tiers.map((x) => [String(x.tier), x.label])),
  };
  return { input: { mentees, mentors, forbiddenPairs, fixedPairs: [] }, params };
};

/** The digest of the pool and parameters a run must have worked on; the decider recomputes it. */
export const poolDigest = (state: Program, objective?: 'coverage' | 'score' | null): string => {
  const { input, params } = buildMatchingInput(state, objective);
  return inputsDigest(input, params);
};

/** What `CompleteMatchRun` records, from the engine's result. */
export interface MatchRunOutcome {
  inputsDigest: string;
  engineVersion: string;
  engineDigest: string;
  parameters: MatchRunParameters;
  proposals: RunProposal[];
  unmatched: RunUnmatched[];
}

/** Calls the matching engine on the program's pool (outside the decider: it may take a while). */
export const computeMatchRun = (state: Program, objective?: 'coverage' | 'score' | null): MatchRunOutcome => {
  const { input, params } = buildMatchingInput(state, objective);
  const result: MatchingResult = runMatching(input, params);
  return {
    inputsDigest: inputsDigest(input, params),
    engineVersion: result.engineVersion,
    engineDigest: result.inputsDigest,
    parameters: {
      objective: result.params.objective,
      tiers: result.params.tiers,
      weights: result.params.weights,
      required: result.params.required,
      sameInstitutionForbidden: result.params.sameInstitutionForbidden,
      minScore: result.params.minScore,
    },
    proposals: result.proposals.map((p) => ({
      menteeApplicationId: p.menteeId,
      mentorApplicationId: p.mentorId,
      score: p.score,
      fixed: p.fixed,
      factors: p.factors.map((f) => ({ factor: f.factor, weight: f.weight, applicable: f.applicable, score: f.score, text: f.text })),
      summary: p.summary,
      alternative: p.alternative
        ? { mentorApplicationId: p.alternative.mentorId, score: p.alternative.score, hasFreePlace: p.alternative.hasFreePlace, text: p.alternative.text }
        : null,
    })),
    unmatched: result.unmatched.map((u) => ({
      menteeApplicationId: u.menteeId,
      tier: u.tier,
      reasons: u.reasons.map((r) => ({ code: r.code, text: r.text, mentorIds: r.mentorIds })),
      text: u.text,
    })),
  };
};
