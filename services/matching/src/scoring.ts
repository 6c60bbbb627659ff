import { type CanonicalMentee, type CanonicalMentor, canonicalInput, canonicalParams, SCORE_MAX } from './canonical';
import {
  CAREER_STAGES,
  type CanonicalParams,
  FACTORS,
  type FactorId,
  type FactorScore,
  type MatchingParams,
  type MenteeInput,
  type MentorInput,
  type PairScore,
} from './types';

/** Beyond this many minutes apart, the time-zone factor gives nothing. */
export const TIME_ZONE_HORIZON_MINUTES = 480;

/** `a / b` rounded half up, exactly, for non-negative integers. */
export const roundDiv = (a: number, b: number): number => Math.floor((2 * a + b) / (2 * b));

/** Score of covering `shared` of the mentee's `wanted` items. */
export const overlapScore = (shared: number, wanted: number): number => roundDiv(SCORE_MAX * shared, wanted);

/** Distance between two UTC offsets on the 24-hour clock, in minutes. */
export function offsetDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 1440;
  return d > 720 ? 1440 - d : d;
}

export const timeZoneScore = (distance: number): number =>
  distance >= TIME_ZONE_HORIZON_MINUTES ? 0 : roundDiv(SCORE_MAX * (TIME_ZONE_HORIZON_MINUTES - distance), TIME_ZONE_HORIZON_MINUTES);

const DEFAULT_LABELS: Record<string, string> = {
  virtual: 'virtually',
  'at-conference': 'at the conference',
  'in-person': 'in person',
  student: 'student',
  'early-career': 'early-career',
  'mid-career': 'mid-career',
  senior: 'senior',
};

/**
 * Option values in words, kept per labels object: a run builds its canonical parameters afresh,
 * so a run's explanations spell each value once, and nothing outlives the run.
 */
const spelled = new WeakMap<Record<string, string>, Map<string, string>>();

/** Words for an option value: the template's label, else the value with dashes as spaces. */
export function labelOf(tag: string, labels: Record<string, string>): string {
  const label = labels[tag] ?? DEFAULT_LABELS[tag];
  if (label !== undefined && label !== null) return label;
  let known = spelled.get(labels);
  if (known === undefined) {
    known = new Map();
    spelled.set(labels, known);
  }
  let plain = known.get(tag);
  if (plain === undefined) {
    plain = tag.replaceAll('-', ' ').replaceAll('_', ' ');
    known.set(tag, plain);
  }
  return plain;
}

/** "a", "a and b", "a, b and c". */
export function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function utcText(offset: number): string {
  if (offset === 0) return 'UTC';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const minutes = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${minutes === 0 ? '' : `:${String(minutes).padStart(2, '0')}`}`;
}

function durationText(minutes: number): string {
  if (minutes < 60) return `${minutes} minutes`;
  const hours = minutes / 60;
  return `${Number.isInteger(hours) ? hours : hours.toFixed(1)} hour${hours === 1 ? '' : 's'}`;
}

/** The items of both sorted lists (canonical lists are sorted). */
const intersect = (a: string[], b: string[]): string[] => {
  const out: string[] = [];
  let x = 0;
  let y = 0;
  while (x < a.length && y < b.length) {
    const p = a[x] as string;
    const q = b[y] as string;
    if (p === q) {
      out.push(p);
      x++;
      y++;
    } else if (p < q) x++;
    else y++;
  }
  return out;
};

/** A factor's raw outcome for one pair, before weights. */
export interface FactorOutcome {
  factor: FactorId;
  applicable: boolean;
  score: number;
  text: string;
}

type Describe = (mentee: CanonicalMentee, mentor: CanonicalMentor, labels: Record<string, string>) => FactorOutcome;

/** `listText` of the items' labels, built in one pass. */
function words(items: string[], labels: Record<string, string>): string {
  let text = '';
  for (let k = 0; k < items.length; k++) {
    const label = labelOf(items[k]!, labels);
    text += k === 0 ? `${label}` : k === items.length - 1 ? ` and ${label}` : `, ${label}`;
  }
  return text;
}

const describeTopics: Describe = (mentee, mentor, labels) => {
  const n = mentee.topics.length;
  if (n === 0) return { factor: 'topics', applicable: false, score: 0, text: 'the mentee named no topics' };
  const shared = intersect(mentee.topics, mentor.topics);
  const k = shared.length;
  const text =
    k === 0
      ? `the mentor shares none of the mentee's topics (${words(mentee.topics, labels)})`
      : n === 1
        ? `both are interested in ${words(shared, labels)}`
        : k === n
          ? `the mentor shares all ${n} of the mentee's topics: ${words(shared, labels)}`
          : `the mentor shares ${k} of the mentee's ${n} topics: ${words(shared, labels)}`;
  return { factor: 'topics', applicable: true, score: overlapScore(k, n), text };
};

const describeMethodology: Describe = (mentee, mentor, labels) => {
  const n = mentee.methodologies.length;
  if (n === 0) return { factor: 'methodology', applicable: false, score: 0, text: 'the mentee named no methodology' };
  const shared = intersect(mentee.methodologies, mentor.methodologies);
  const k = shared.length;
  const text =
    k === 0
      ? `no shared methodology (the mentee works with ${words(mentee.methodologies, labels)})`
      : k === n
        ? `both work with ${words(shared, labels)}`
        : `both work with ${words(shared, labels)} (${k} of the mentee's ${n} methods)`;
  return { factor: 'methodology', applicable: true, score: overlapScore(k, n), text };
};

const describeSupport: Describe = (mentee, mentor, labels) => {
  const n = mentee.supportWanted.length;
  if (n === 0) return { factor: 'support', applicable: false, score: 0, text: 'the mentee asked for no particular help' };
  const shared = intersect(mentee.supportWanted, mentor.supportOffered);
  const k = shared.length;
  const wanted = `the mentee wants help with ${words(mentee.supportWanted, labels)}`;
  const text =
    k === 0
      ? `${wanted}; the mentor offers none of it`
      : k === n
        ? `${wanted}; the mentor offers ${n === 1 ? 'it' : 'all of it'}`
        : `${wanted}; the mentor offers ${words(shared, labels)}`;
  return { factor: 'support', applicable: true, score: overlapScore(k, n), text };
};

const describeCareerStage: Describe = (mentee, mentor, labels) => {
  const menteeStage = mentee.careerStage;
  if (menteeStage === null || (mentor.careerStage === null && mentor.menteeStages.length === 0)) {
    return { factor: 'careerStage', applicable: false, score: 0, text: 'career stage not given by both' };
  }
  if (mentor.menteeStages.length > 0) {
    const asked = words(mentor.menteeStages, labels);
    return mentor.menteeStages.includes(menteeStage)
      ? {
          factor: 'careerStage',
          applicable: true,
          score: SCORE_MAX,
          text: `the mentor asked for ${asked} mentees; the mentee is ${labelOf(menteeStage, labels)}`,
        }
      : {
          factor: 'careerStage',
          applicable: true,
          score: 0,
          text: `the mentor asked for ${asked} mentees; the mentee is ${labelOf(menteeStage, labels)}`,
        };
  }
  const mentorStage = mentor.careerStage ?? menteeStage;
  const ahead = CAREER_STAGES.indexOf(mentorStage) > CAREER_STAGES.indexOf(menteeStage);
  return {
    factor: 'careerStage',
    applicable: true,
    score: ahead ? SCORE_MAX : 0,
    text: `the mentor (${labelOf(mentorStage, labels)}) is ${ahead ? '' : 'not '}further along than the mentee (${labelOf(menteeStage, labels)})`,
  };
};

const describeAvailability: Describe = (mentee, mentor, labels) => {
  if (mentee.availability.length === 0 || mentor.availability.length === 0) {
    return { factor: 'availability', applicable: false, score: 0, text: 'availability not given by both' };
  }
  const shared = intersect(mentee.availability, mentor.availability);
  return shared.length > 0
    ? { factor: 'availability', applicable: true, score: SCORE_MAX, text: `both are available ${words(shared, labels)}` }
    : {
        factor: 'availability',
        applicable: true,
        score: 0,
        text: `no common time (the mentee is available ${words(mentee.availability, labels)}; the mentor ${words(mentor.availability, labels)})`,
      };
};

const describeMeetingMode: Describe = (mentee, mentor, labels) => {
  if (mentee.meetingModes.length === 0 || mentor.meetingModes.length === 0) {
    return { factor: 'meetingMode', applicable: false, score: 0, text: 'how to meet not given by both' };
  }
  const shared = intersect(mentee.meetingModes, mentor.meetingModes);
  return shared.length > 0
    ? { factor: 'meetingMode', applicable: true, score: SCORE_MAX, text: `both can meet ${words(shared, labels)}` }
    : {
        factor: 'meetingMode',
        applicable: true,
        score: 0,
        text: `no common way to meet (the mentee can meet ${words(mentee.meetingModes, labels)}; the mentor ${words(mentor.meetingModes, labels)})`,
      };
};

const describeTimeZone: Describe = (mentee, mentor) => {
  const a = mentee.utcOffsetMinutes;
  const b = mentor.utcOffsetMinutes;
  if (a === null || b === null) {
    return { factor: 'timeZone', applicable: false, score: 0, text: 'time zone not given by both' };
  }
  const distance = offsetDistance(a, b);
  const text = distance === 0 ? `same time zone (${utcText(a)})` : `${durationText(distance)} apart (the mentee at ${utcText(a)}, the mentor at ${utcText(b)})`;
  return { factor: 'timeZone', applicable: true, score: timeZoneScore(distance), text };
};

const DESCRIBE: Record<FactorId, Describe> = {
  topics: describeTopics,
  methodology: describeMethodology,
  support: describeSupport,
  careerStage: describeCareerStage,
  availability: describeAvailability,
  meetingMode: describeMeetingMode,
  timeZone: describeTimeZone,
};

/** Every factor's outcome for a pair, in `FACTORS` order, weighted or not. */
export const factorOutcomes = (mentee: CanonicalMentee, mentor: CanonicalMentor, labels: Record<string, string>): FactorOutcome[] =>
  FACTORS.map((factor) => DESCRIBE[factor](mentee, mentor, labels));

/** The pair's score from its factor outcomes: the weighted mean of the applicable ones. */
export function weightedScore(outcomes: FactorOutcome[], weights: Record<FactorId, number>): number {
  let num = 0;
  let den = 0;
  for (const outcome of outcomes) {
    const weight = weights[outcome.factor];
    if (weight === 0 || !outcome.applicable) continue;
    num += weight * outcome.score;
    den += weight;
  }
  return den === 0 ? 0 : roundDiv(num, den);
}

/** The scored breakdown of a canonical pair: weighted factors only (the others are not described). */
export function scoreCanonicalPair(mentee: CanonicalMentee, mentor: CanonicalMentor, params: CanonicalParams): PairScore {
  const factors: FactorScore[] = [];
  let num = 0;
  let den = 0;
  for (const factor of FACTORS) {
    const weight = params.weights[factor];
    if (weight === 0) continue;
    const o = DESCRIBE[factor](mentee, mentor, params.labels);
    factors.push({ factor, weight, applicable: o.applicable, score: o.applicable ? o.score : 0, text: o.text });
    if (!o.applicable) continue;
    num += weight * o.score;
    den += weight;
  }
  return { score: den === 0 ? 0 : roundDiv(num, den), factors };
}

/** Required factors the pair shares nothing on (the factor counts only if the mentee answered). */
export const failedRequirements = (outcomes: FactorOutcome[], params: CanonicalParams): FactorId[] =>
  outcomes.filter((o) => params.required.includes(o.factor) && o.applicable && o.score === 0).map((o) => o.factor);

/**
 * Scores one mentor–mentee pair with the template's weights: an integer 0..1000 and, per
 * weighted factor, its score and the reason in words. Hard constraints are not checked here.
 */
export function scorePair(mentee: MenteeInput, mentor: MentorInput, params: MatchingParams): PairScore {
  const canonical = canonicalInput({ mentees: [mentee], mentors: [mentor] });
  const [m] = canonical.mentees;
  const [j] = canonical.mentors;
  if (m === undefined || j === undefined) throw new Error('unreachable: one mentee and one mentor were given');
  return scoreCanonicalPair(m, j, canonicalParams(params));
}
