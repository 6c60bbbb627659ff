import { createHash } from 'node:crypto';
import { MatchingInputError } from './errors';
import {
  CAREER_STAGES,
  type CanonicalParams,
  type CareerStage,
  FACTORS,
  type FactorId,
  type FixedPair,
  type MatchingInput,
  type MatchingParams,
  type MenteeInput,
  type MentorInput,
} from './types';

/** Bumped whenever the same input could produce a different result. Recorded in every result. */
export const ENGINE_VERSION = 'tandem-matching/1';

export const SCORE_MAX = 1000;
export const WEIGHT_MAX = 100;
/** The most mentees, and mentors, one run may hold. */
export const MAX_POOL = 1_000_000;
/** The most values one answer may list (a form question has fewer options). */
export const MAX_TAGS = 64;

/** A mentee with every field present, lists sorted and deduplicated. */
export interface CanonicalMentee {
  id: string;
  eligible: boolean;
  ineligibleReason: string | null;
  tier: number | null;
  topics: string[];
  methodologies: string[];
  supportWanted: string[];
  careerStage: CareerStage | null;
  availability: string[];
  meetingModes: string[];
  utcOffsetMinutes: number | null;
  institution: string | null;
}

/** A mentor with every field present, lists sorted and deduplicated. */
export interface CanonicalMentor {
  id: string;
  eligible: boolean;
  ineligibleReason: string | null;
  capacity: number;
  topics: string[];
  methodologies: string[];
  supportOffered: string[];
  careerStage: CareerStage | null;
  menteeStages: CareerStage[];
  availability: string[];
  meetingModes: string[];
  utcOffsetMinutes: number | null;
  institution: string | null;
}

export interface CanonicalForbiddenPair {
  menteeId: string;
  mentorId: string;
  reason: string | null;
}

/**
 * The input in a form that does not depend on the order anything was listed in: people sorted
 * by id, lists sorted, pairs sorted. The engine only ever sees this form, so a permuted input
 * gives the same result and the same digest.
 */
export interface CanonicalInput {
  mentees: CanonicalMentee[];
  mentors: CanonicalMentor[];
  forbiddenPairs: CanonicalForbiddenPair[];
  fixedPairs: FixedPair[];
}

export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const isCareerStage = (value: unknown): value is CareerStage => typeof value === 'string' && (CAREER_STAGES as readonly string[]).includes(value);

const isFactor = (value: unknown): value is FactorId => typeof value === 'string' && (FACTORS as readonly string[]).includes(value);

function tags(value: string[] | undefined, what: string, who: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new MatchingInputError(`${who}: ${what} must be a list of strings`);
  let sorted = true;
  for (let k = 0; k < value.length; k++) {
    const tag = value[k];
    if (typeof tag !== 'string' || tag.trim() === '') {
      throw new MatchingInputError(`${who}: ${what} holds an empty or non-text value; remove it`);
    }
    if (k > 0 && !((value[k - 1] as string) < tag)) sorted = false;
  }
  // Already sorted without duplicates (the common case for a re-run): keep a copy as it is.
  const unique = sorted ? value.slice() : sortedUnique(value);
  if (unique.length > MAX_TAGS) throw new MatchingInputError(`${who}: ${what} lists more than ${MAX_TAGS} values`);
  return unique;
}

/** A form answer lists a few values: sorted by insertion, duplicates dropped; a long list by a native sort. */
function sortedUnique(value: string[]): string[] {
  if (value.length > MAX_TAGS) return [...new Set(value)].sort(compareStrings);
  const out: string[] = [];
  for (let k = 0; k < value.length; k++) {
    const tag = value[k] as string;
    let at = out.length;
    while (at > 0 && (out[at - 1] as string) > tag) at--;
    if (at > 0 && out[at - 1] === tag) continue;
    out.push(tag);
    for (let m = out.length - 1; m > at; m--) out[m] = out[m - 1] as string;
    out[at] = tag;
  }
  return out;
}

/** Whitespace other than single spaces: only then does a text need its runs of whitespace collapsed. */
const LOOSE_SPACE = /\s\s|[^\S ]/;

function text(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  let trimmed = value.trim();
  if (LOOSE_SPACE.test(trimmed)) trimmed = trimmed.replace(/\s+/g, ' ');
  return trimmed === '' ? null : trimmed;
}

function offset(value: number | null | undefined, who: string): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value < -720 || value > 840) {
    throw new MatchingInputError(`${who}: utcOffsetMinutes must be a whole number of minutes between -720 and 840`);
  }
  return value;
}

function stage(value: CareerStage | null | undefined, who: string): CareerStage | null {
  if (value === undefined || value === null) return null;
  if (!isCareerStage(value)) {
    throw new MatchingInputError(`${who}: careerStage must be one of ${CAREER_STAGES.join(', ')}`);
  }
  return value;
}

function id(value: unknown, who: string): string {
  if (typeof value !== 'string' || value === '') throw new MatchingInputError(`${who} needs a non-empty id`);
  return value;
}

function canonicalMentee(m: MenteeInput, index: number): CanonicalMentee {
  const who = `mentee ${typeof m.id === 'string' && m.id !== '' ? m.id : `#${index}`}`;
  const tier = m.tier ?? null;
  if (tier !== null && (!Number.isInteger(tier) || tier < 0)) {
    throw new MatchingInputError(`${who}: tier must be a whole number (1 is served first) or null`);
  }
  if (typeof m.eligible !== 'boolean') throw new MatchingInputError(`${who}: say whether the mentee is eligible`);
  // Keys in alphabetical order: JSON.stringify of this object is its canonical JSON.
  return {
    availability: tags(m.availability, 'availability', who),
    careerStage: stage(m.careerStage, who),
    eligible: m.eligible,
    id: id(m.id, who),
    ineligibleReason: text(m.ineligibleReason),
    institution: text(m.institution),
    meetingModes: tags(m.meetingModes, 'meetingModes', who),
    methodologies: tags(m.methodologies, 'methodologies', who),
    supportWanted: tags(m.supportWanted, 'supportWanted', who),
    tier,
    topics: tags(m.topics, 'topics', who),
    utcOffsetMinutes: offset(m.utcOffsetMinutes, who),
  };
}

function canonicalMentor(m: MentorInput, index: number): CanonicalMentor {
  const who = `mentor ${typeof m.id === 'string' && m.id !== '' ? m.id : `#${index}`}`;
  if (!Number.isInteger(m.capacity) || m.capacity < 1) {
    throw new MatchingInputError(`${who}: capacity must be a whole number of mentees, at least 1`);
  }
  if (typeof m.eligible !== 'boolean') throw new MatchingInputError(`${who}: say whether the mentor is eligible`);
  const menteeStages = [...new Set(m.menteeStages ?? [])];
  for (const s of menteeStages) stage(s, who);
  return {
    availability: tags(m.availability, 'availability', who),
    capacity: m.capacity,
    careerStage: stage(m.careerStage, who),
    eligible: m.eligible,
    id: id(m.id, who),
    ineligibleReason: text(m.ineligibleReason),
    institution: text(m.institution),
    meetingModes: tags(m.meetingModes, 'meetingModes', who),
    menteeStages: menteeStages.sort((a, b) => CAREER_STAGES.indexOf(a) - CAREER_STAGES.indexOf(b)),
    methodologies: tags(m.methodologies, 'methodologies', who),
    supportOffered: tags(m.supportOffered, 'supportOffered', who),
    topics: tags(m.topics, 'topics', who),
    utcOffsetMinutes: offset(m.utcOffsetMinutes, who),
  };
}

function uniqueIds(people: { id: string }[], role: string): void {
  for (let k = 1; k < people.length; k++) {
    const current = people[k];
    if (current !== undefined && current.id === people[k - 1]?.id) {
      throw new MatchingInputError(`two ${role}s share the id ${current.id}; ids must be unique`);
    }
  }
}

/** Validates the input and brings it to its canonical form. */
export function canonicalInput(input: MatchingInput): CanonicalInput {
  if (!Array.isArray(input.mentees) || !Array.isArray(input.mentors)) {
    throw new MatchingInputError('the input needs a list of mentees and a list of mentors');
  }
  const mentees = input.mentees.map(canonicalMentee).sort((a, b) => compareStrings(a.id, b.id));
  const mentors = input.mentors.map(canonicalMentor).sort((a, b) => compareStrings(a.id, b.id));
  if (mentees.length > MAX_POOL || input.mentors.length > MAX_POOL) {
    throw new MatchingInputError(`a pool holds at most ${MAX_POOL} mentees and ${MAX_POOL} mentors; split the run`);
  }
  uniqueIds(mentees, 'mentee');
  uniqueIds(mentors, 'mentor');
  const menteeIds = new Set(mentees.map((m) => m.id));
  const mentorById = new Map(mentors.map((m) => [m.id, m]));
  const checkPair = (pair: { menteeId: string; mentorId: string }, what: string) => {
    if (!menteeIds.has(pair.menteeId)) {
      throw new MatchingInputError(`${what} ${pair.menteeId}–${pair.mentorId} names a mentee who is not in the pool`);
    }
    if (!mentorById.has(pair.mentorId)) {
      throw new MatchingInputError(`${what} ${pair.menteeId}–${pair.mentorId} names a mentor who is not in the pool`);
    }
  };
  const pairKey = (p: { menteeId: string; mentorId: string }) => `${p.menteeId}\u0000${p.mentorId}`;

  const forbidden = new Map<string, CanonicalForbiddenPair>();
  for (const pair of input.forbiddenPairs ?? []) {
    checkPair(pair, 'forbidden pair');
    const key = pairKey(pair);
    const reason = text(pair.reason);
    const known = forbidden.get(key);
    // Duplicates collapse to one pair; the reason kept must not depend on the order given.
    if (known === undefined || (reason !== null && (known.reason === null || reason < known.reason))) {
      forbidden.set(key, { menteeId: pair.menteeId, mentorId: pair.mentorId, reason });
    }
  }

  const fixed = new Map<string, FixedPair>();
  const fixedMentee = new Map<string, string>();
  const fixedPerMentor = new Map<string, number>();
  for (const pair of input.fixedPairs ?? []) {
    checkPair(pair, 'fixed pair');
    const key = pairKey(pair);
    if (fixed.has(key)) continue;
    if (forbidden.has(key)) {
      throw new MatchingInputError(`the pair ${pair.menteeId}–${pair.mentorId} is both fixed and forbidden; remove one of the two decisions`);
    }
    const other = fixedMentee.get(pair.menteeId);
    if (other !== undefined) {
      throw new MatchingInputError(`mentee ${pair.menteeId} is fixed to both ${other} and ${pair.mentorId}; keep one fixed pair per mentee`);
    }
    fixedMentee.set(pair.menteeId, pair.mentorId);
    const count = (fixedPerMentor.get(pair.mentorId) ?? 0) + 1;
    const mentor = mentorById.get(pair.mentorId);
    if (mentor !== undefined && count > mentor.capacity) {
      throw new MatchingInputError(`mentor ${pair.mentorId} has capacity ${mentor.capacity} but ${count} fixed pairs; raise the capacity or unfix a pair`);
    }
    fixedPerMentor.set(pair.mentorId, count);
    fixed.set(key, { menteeId: pair.menteeId, mentorId: pair.mentorId });
  }

  const byPair = (a: { menteeId: string; mentorId: string }, b: { menteeId: string; mentorId: string }) =>
    compareStrings(a.menteeId, b.menteeId) || compareStrings(a.mentorId, b.mentorId);
  return {
    fixedPairs: [...fixed.values()].sort(byPair),
    forbiddenPairs: [...forbidden.values()].sort(byPair),
    mentees,
    mentors,
  };
}

function stringRecord(value: Record<string, string> | undefined, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined) return out;
  for (const key of Object.keys(value).sort(compareStrings)) {
    const label = value[key];
    if (typeof label !== 'string') throw new MatchingInputError(`${what}.${key} must be text`);
    out[key] = label;
  }
  return out;
}

/** Validates the parameters and fills in every default. */
export function canonicalParams(params: MatchingParams): CanonicalParams {
  if (params.objective !== 'coverage' && params.objective !== 'score') {
    throw new MatchingInputError("objective must be 'coverage' (most people matched) or 'score' (highest total score)");
  }
  if (typeof params.tiers !== 'boolean') throw new MatchingInputError('say whether priority tiers apply (tiers: true | false)');
  const weights = {} as Record<FactorId, number>;
  let total = 0;
  for (const factor of FACTORS) {
    const weight = params.weights?.[factor] ?? 0;
    if (!Number.isInteger(weight) || weight < 0 || weight > WEIGHT_MAX) {
      throw new MatchingInputError(`the weight of ${factor} must be a whole number from 0 to ${WEIGHT_MAX}`);
    }
    weights[factor] = weight;
    total += weight;
  }
  for (const key of Object.keys(params.weights ?? {})) {
    if (!isFactor(key)) throw new MatchingInputError(`unknown factor ${key}; factors are ${FACTORS.join(', ')}`);
  }
  if (total === 0) throw new MatchingInputError('give at least one factor a positive weight');
  const required = [...new Set(params.required ?? [])];
  for (const factor of required) {
    if (!isFactor(factor)) throw new MatchingInputError(`unknown required factor ${String(factor)}`);
  }
  const minScore = params.minScore ?? 1;
  if (!Number.isInteger(minScore) || minScore < 1 || minScore > SCORE_MAX) {
    throw new MatchingInputError(`minScore must be a whole number from 1 to ${SCORE_MAX}`);
  }
  return {
    objective: params.objective,
    tiers: params.tiers,
    weights,
    required: required.sort((a, b) => FACTORS.indexOf(a) - FACTORS.indexOf(b)),
    sameInstitutionForbidden: params.sameInstitutionForbidden ?? false,
    minScore,
    labels: stringRecord(params.labels, 'labels'),
    tierLabels: stringRecord(params.tierLabels, 'tierLabels'),
  };
}

/** JSON with object keys sorted at every level and `undefined` members left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new MatchingInputError('numbers must be finite');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort(compareStrings)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

export const sha256 = (textToHash: string): string => createHash('sha256').update(textToHash).digest('hex');

/**
 * The digest of an already canonical input and parameters: sha256 over the canonical JSON of
 * `{ input, params }`. The canonical input is built with its keys in order and holds no
 * integer-like keys, so `JSON.stringify` already gives its canonical JSON (a test holds this).
 */
export const digestCanonical = (input: CanonicalInput, params: CanonicalParams): string =>
  // In three pieces: the same bytes, without first copying the input's JSON into one string.
  createHash('sha256')
    .update('{"input":')
    .update(JSON.stringify(input))
    .update(`,"params":${canonicalJson(params)}}`)
    .digest('hex');
