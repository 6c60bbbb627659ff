import type { CanonicalInput } from './canonical';
import { SCORE_MAX } from './canonical';
import { offsetDistance, overlapScore, timeZoneScore } from './scoring';
import { CAREER_STAGES, type CanonicalParams, FACTORS, type FactorId } from './types';

/** Bits of a pair's violation mask: which hard constraints keep the pair apart. */
export const V_INELIGIBLE = 1;
export const V_MENTOR_INELIGIBLE = 2;
export const V_FORBIDDEN = 4;
export const V_SAME_INSTITUTION = 8;
export const V_BELOW_MIN = 16;
const V_REQUIRED_SHIFT = 5;
/** The violation bit of a required factor. */
export const vRequired = (factor: FactorId): number => 1 << (V_REQUIRED_SHIFT + FACTORS.indexOf(factor));
/** The required factors in a violation mask. */
export const requiredInMask = (mask: number): FactorId[] => FACTORS.filter((factor) => (mask & vRequired(factor)) !== 0);

export const NO_OFFSET = 1 << 20;
export const F_TOPICS = 0;
export const F_METHODOLOGY = 1;
export const F_SUPPORT = 2;
export const F_STAGE = 3;
export const F_AVAILABILITY = 4;
export const F_MODE = 5;
export const F_TIME_ZONE = 6;
/** Packed pair evaluation: the score in the low bits, failed required factors above. */
const PACK_SHIFT = 11;

export interface Bitsets {
  words: number;
  mentee: Uint32Array;
  mentor: Uint32Array;
  menteeCount: Int32Array;
  mentorCount: Int32Array;
}

/**
 * The pool compiled to typed arrays: tags become bitsets, stages and offsets small integers,
 * so scoring a pair is a few word operations. `evaluatePair` agrees with `scoreCanonicalPair`
 * exactly; a test holds them together.
 */
export interface ScoringContext {
  nMentees: number;
  nMentors: number;
  weights: Int32Array;
  /** Whether a factor must be computed at all (weighted or required). */
  active: Uint8Array;
  requiredBits: number;
  minScore: number;
  sameInstitutionForbidden: boolean;
  sets: Bitsets[];
  menteeStage: Int8Array;
  mentorStage: Int8Array;
  mentorStagePrefs: Int32Array;
  menteeOffset: Int32Array;
  mentorOffset: Int32Array;
  menteeInstitution: Int32Array;
  mentorInstitution: Int32Array;
  menteeEligible: Uint8Array;
  mentorEligible: Uint8Array;
  /** Per mentee, the mentors it is forbidden with (CSR). */
  forbiddenStart: Int32Array;
  forbiddenMentor: Int32Array;
}

function bitsets(menteeTags: string[][], mentorTags: string[][]): Bitsets {
  // Bits in order of first appearance: any fixed order will do, as pairs only count shared bits.
  const vocabulary = new Map<string, number>();
  const bitOf = (lists: string[][]) => {
    let total = 0;
    for (const list of lists) total += list.length;
    const bits = new Int32Array(total);
    let at = 0;
    for (const list of lists) {
      for (const tag of list) {
        let bit = vocabulary.get(tag);
        if (bit === undefined) {
          bit = vocabulary.size;
          vocabulary.set(tag, bit);
        }
        bits[at++] = bit;
      }
    }
    return bits;
  };
  const menteeBits = bitOf(menteeTags);
  const mentorBits = bitOf(mentorTags);
  const words = Math.max(1, Math.ceil(vocabulary.size / 32));
  const fill = (lists: string[][], bitList: Int32Array) => {
    const bits = new Uint32Array(lists.length * words);
    const count = new Int32Array(lists.length);
    let at = 0;
    for (let k = 0; k < lists.length; k++) {
      const n = lists[k]!.length;
      for (let t = 0; t < n; t++) {
        const bit = bitList[at++]!;
        bits[k * words + (bit >>> 5)]! |= 1 << (bit & 31);
      }
      count[k] = n;
    }
    return { bits, count };
  };
  const mentee = fill(menteeTags, menteeBits);
  const mentor = fill(mentorTags, mentorBits);
  return {
    words,
    mentee: mentee.bits,
    mentor: mentor.bits,
    menteeCount: mentee.count,
    mentorCount: mentor.count,
  };
}

const institutionKey = (institution: string | null): string | null => (institution === null ? null : institution.toLowerCase());

export function compileScoring(input: CanonicalInput, params: CanonicalParams): ScoringContext {
  const { mentees, mentors } = input;
  const stageIndex = (stage: string | null) => (stage === null ? -1 : CAREER_STAGES.indexOf(stage as never));
  const institutions = new Map<string, number>();
  const institutionId = (institution: string | null) => {
    const key = institutionKey(institution);
    if (key === null) return -1;
    let idOf = institutions.get(key);
    if (idOf === undefined) {
      idOf = institutions.size;
      institutions.set(key, idOf);
    }
    return idOf;
  };
  const mentorIndex = new Map(mentors.map((m, j) => [m.id, j]));
  const menteeIndex = new Map(mentees.map((m, i) => [m.id, i]));
  const forbiddenStart = new Int32Array(mentees.length + 1);
  for (const pair of input.forbiddenPairs) forbiddenStart[menteeIndex.get(pair.menteeId)! + 1]!++;
  for (let i = 0; i < mentees.length; i++) forbiddenStart[i + 1]! += forbiddenStart[i]!;
  const forbiddenMentor = new Int32Array(input.forbiddenPairs.length);
  const cursor = forbiddenStart.slice(0, mentees.length);
  for (const pair of input.forbiddenPairs) {
    const i = menteeIndex.get(pair.menteeId)!;
    forbiddenMentor[cursor[i]!++] = mentorIndex.get(pair.mentorId)!;
  }
  const weights = Int32Array.from(FACTORS, (f) => params.weights[f]);
  let requiredBits = 0;
  for (const factor of params.required) requiredBits |= 1 << FACTORS.indexOf(factor);
  const active = Uint8Array.from(FACTORS, (f, k) => (params.weights[f] > 0 || (requiredBits >> k) & 1 ? 1 : 0));
  // Plain loops: a typed array's `from` with a mapping function costs far more per element.
  const menteeStage = new Int8Array(mentees.length);
  const menteeOffset = new Int32Array(mentees.length);
  const menteeInstitution = new Int32Array(mentees.length);
  const menteeEligible = new Uint8Array(mentees.length);
  for (let i = 0; i < mentees.length; i++) {
    const m = mentees[i]!;
    menteeStage[i] = stageIndex(m.careerStage);
    menteeOffset[i] = m.utcOffsetMinutes ?? NO_OFFSET;
    menteeInstitution[i] = institutionId(m.institution);
    menteeEligible[i] = m.eligible ? 1 : 0;
  }
  const mentorStage = new Int8Array(mentors.length);
  const mentorStagePrefs = new Int32Array(mentors.length);
  const mentorOffset = new Int32Array(mentors.length);
  const mentorInstitution = new Int32Array(mentors.length);
  const mentorEligible = new Uint8Array(mentors.length);
  for (let j = 0; j < mentors.length; j++) {
    const m = mentors[j]!;
    mentorStage[j] = stageIndex(m.careerStage);
    let prefs = 0;
    for (const s of m.menteeStages) prefs |= 1 << stageIndex(s);
    mentorStagePrefs[j] = prefs;
    mentorOffset[j] = m.utcOffsetMinutes ?? NO_OFFSET;
    mentorInstitution[j] = institutionId(m.institution);
    mentorEligible[j] = m.eligible ? 1 : 0;
  }
  return {
    nMentees: mentees.length,
    nMentors: mentors.length,
    weights,
    active,
    requiredBits,
    minScore: params.minScore,
    sameInstitutionForbidden: params.sameInstitutionForbidden,
    sets: [
      bitsets(
        mentees.map((m) => m.topics),
        mentors.map((m) => m.topics),
      ),
      bitsets(
        mentees.map((m) => m.methodologies),
        mentors.map((m) => m.methodologies),
      ),
      bitsets(
        mentees.map((m) => m.supportWanted),
        mentors.map((m) => m.supportOffered),
      ),
      bitsets([], []),
      bitsets(
        mentees.map((m) => m.availability),
        mentors.map((m) => m.availability),
      ),
      bitsets(
        mentees.map((m) => m.meetingModes),
        mentors.map((m) => m.meetingModes),
      ),
    ],
    menteeStage,
    mentorStage,
    mentorStagePrefs,
    menteeOffset,
    mentorOffset,
    menteeInstitution,
    mentorInstitution,
    menteeEligible,
    mentorEligible,
    forbiddenStart,
    forbiddenMentor,
  };
}

export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function sharedCount(set: Bitsets, i: number, j: number): number {
  const w = set.words;
  let count = 0;
  for (let k = 0; k < w; k++) count += popcount(set.mentee[i * w + k]! & set.mentor[j * w + k]!);
  return count;
}

function shareAny(set: Bitsets, i: number, j: number): boolean {
  const w = set.words;
  for (let k = 0; k < w; k++) if ((set.mentee[i * w + k]! & set.mentor[j * w + k]!) !== 0) return true;
  return false;
}

/** Marks a factor that does not apply to a pair (an answer is missing). */
export const NOT_APPLICABLE = -1;

/**
 * Each active factor's score for pair (i, j), 0..1000, or `NOT_APPLICABLE`, written to `out` in
 * `FACTORS` order (inactive factors: `NOT_APPLICABLE`).
 */
export function evaluateFactors(ctx: ScoringContext, i: number, j: number, out: Int32Array): void {
  const { active, sets } = ctx;
  out.fill(NOT_APPLICABLE);
  // topics, methodology, support: share of the mentee's items the mentor has
  for (let f = F_TOPICS; f <= F_SUPPORT; f++) {
    const set = sets[f]!;
    const wanted = set.menteeCount[i]!;
    if (active[f] === 1 && wanted > 0) out[f] = overlapScore(sharedCount(set, i, j), wanted);
  }
  if (active[F_STAGE] === 1) {
    const menteeStage = ctx.menteeStage[i]!;
    const prefs = ctx.mentorStagePrefs[j]!;
    const mentorStage = ctx.mentorStage[j]!;
    if (menteeStage >= 0 && (prefs !== 0 || mentorStage >= 0)) {
      const fits = prefs !== 0 ? ((prefs >> menteeStage) & 1) === 1 : mentorStage > menteeStage;
      out[F_STAGE] = fits ? SCORE_MAX : 0;
    }
  }
  for (let f = F_AVAILABILITY; f <= F_MODE; f++) {
    const set = sets[f]!;
    if (active[f] === 1 && set.menteeCount[i]! > 0 && set.mentorCount[j]! > 0) out[f] = shareAny(set, i, j) ? SCORE_MAX : 0;
  }
  if (active[F_TIME_ZONE] === 1) {
    const a = ctx.menteeOffset[i]!;
    const b = ctx.mentorOffset[j]!;
    if (a !== NO_OFFSET && b !== NO_OFFSET) out[F_TIME_ZONE] = timeZoneScore(offsetDistance(a, b));
  }
}

const scratch = new Int32Array(FACTORS.length);

/**
 * Scores pair (i, j): returns `score | failedRequired << 11`, where `failedRequired` has bit k
 * set when required factor `FACTORS[k]` applies and scores 0.
 */
export function evaluatePair(ctx: ScoringContext, i: number, j: number): number {
  evaluateFactors(ctx, i, j, scratch);
  const weights = ctx.weights;
  let num = 0;
  let den = 0;
  let zero = 0;
  for (let f = 0; f < scratch.length; f++) {
    const s = scratch[f]!;
    if (s === NOT_APPLICABLE) continue;
    if (s === 0) zero |= 1 << f;
    num += weights[f]! * s;
    den += weights[f]!;
  }
  const score = den === 0 ? 0 : Math.floor((2 * num + den) / (2 * den));
  return score | ((zero & ctx.requiredBits) << PACK_SHIFT);
}

export const packedScore = (packed: number): number => packed & ((1 << PACK_SHIFT) - 1);

function isForbidden(ctx: ScoringContext, i: number, j: number): boolean {
  for (let k = ctx.forbiddenStart[i]!; k < ctx.forbiddenStart[i + 1]!; k++) if (ctx.forbiddenMentor[k] === j) return true;
  return false;
}

const sameInstitution = (ctx: ScoringContext, i: number, j: number): boolean =>
  ctx.sameInstitutionForbidden && ctx.menteeInstitution[i]! >= 0 && ctx.menteeInstitution[i] === ctx.mentorInstitution[j];

/** Every hard constraint that keeps mentee i from mentor j, as `V_*` bits; 0 for a candidate. */
export function pairViolations(ctx: ScoringContext, i: number, j: number, packed: number = evaluatePair(ctx, i, j)): number {
  let mask = 0;
  if (ctx.menteeEligible[i] === 0) mask |= V_INELIGIBLE;
  if (ctx.mentorEligible[j] === 0) mask |= V_MENTOR_INELIGIBLE;
  if (isForbidden(ctx, i, j)) mask |= V_FORBIDDEN;
  if (sameInstitution(ctx, i, j)) mask |= V_SAME_INSTITUTION;
  if (packedScore(packed) < ctx.minScore) mask |= V_BELOW_MIN;
  return mask | ((packed >>> PACK_SHIFT) << V_REQUIRED_SHIFT);
}
