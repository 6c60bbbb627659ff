import type { CareerStage, MatchingInput, MatchingParams, MenteeInput, MentorInput } from '../../src/index';

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same instance everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  mentees: number;
  mentors: number;
  seed: number;
  /** Mentor capacities are drawn from min..max. Default 1..3. */
  capacity?: [number, number];
  /** Number of priority tiers among mentees (0: all untiered). Default 2. */
  tiers?: number;
  /** Share of ineligible applicants. Default 0.05. */
  ineligible?: number;
  /** Forbidden pairs per mentee, on average. Default 0.05. */
  forbiddenPerMentee?: number;
  /** Number of fixed pairs. Default 0. */
  fixed?: number;
  /** Vocabulary sizes: topics, methodologies, support. Defaults 24, 8, 6. */
  vocabulary?: [number, number, number];
  /** Number of institutions. Default 40. */
  institutions?: number;
}

const STAGES: CareerStage[] = ['student', 'early-career', 'mid-career', 'senior'];
const MODES = ['virtual', 'at-conference', 'in-person'];
const AVAILABILITY = ['weekday-mornings', 'weekday-evenings', 'weekends', 'before-ala-annual', 'at-ala-annual'];
const OFFSETS = [-600, -540, -480, -420, -360, -300, -240, 0, 60, 120, 330, 480, 540, 600];

/**
 * A synthetic pool in the shape of the LRRT and VRT programs: topics, methods, support wanted and
 * offered, stages, availability, meeting modes, offsets, institutions; tiers (1 = new librarians,
 * 2 = students), a few ineligible applicants and declared conflicts. Deterministic per seed.
 */
export function generateInstance(options: GenerateOptions): { input: MatchingInput; params: MatchingParams } {
  const random = prng(options.seed);
  const [minCap, maxCap] = options.capacity ?? [1, 3];
  const tiers = options.tiers ?? 2;
  const ineligible = options.ineligible ?? 0.05;
  const [nTopics, nMethods, nSupport] = options.vocabulary ?? [24, 8, 6];
  const nInstitutions = options.institutions ?? 40;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
  const some = (prefix: string, size: number, lo: number, hi: number) => {
    const n = Math.min(size, int(lo, hi));
    const out = new Set<string>();
    while (out.size < n) out.add(`${prefix}-${Math.floor(random() ** 1.5 * size)}`);
    return [...out];
  };
  const subset = (items: string[], lo: number) => {
    const out = items.filter(() => random() < 0.45);
    while (out.length < lo) out.push(pick(items));
    return [...new Set(out)];
  };
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const width = String(Math.max(options.mentees, options.mentors)).length;

  const mentees: MenteeInput[] = [];
  for (let k = 0; k < options.mentees; k++) {
    const eligible = random() >= ineligible;
    mentees.push({
      id: `e${pad(k, width)}`,
      eligible,
      ineligibleReason: eligible ? null : 'not a member of the round table',
      tier: tiers === 0 ? null : int(1, tiers),
      topics: some('topic', nTopics, 1, 4),
      methodologies: some('method', nMethods, 1, 2),
      supportWanted: some('support', nSupport, 1, 3),
      careerStage: pick(STAGES.slice(0, 2)),
      availability: subset(AVAILABILITY, 1),
      meetingModes: subset(MODES, 1),
      utcOffsetMinutes: random() < 0.9 ? pick(OFFSETS) : null,
      institution: `inst-${int(0, nInstitutions - 1)}`,
    });
  }
  const mentors: MentorInput[] = [];
  for (let k = 0; k < options.mentors; k++) {
    const eligible = random() >= ineligible;
    mentors.push({
      id: `r${pad(k, width)}`,
      eligible,
      ineligibleReason: eligible ? null : 'not a member of the round table',
      capacity: int(minCap, maxCap),
      topics: some('topic', nTopics, 2, 6),
      methodologies: some('method', nMethods, 1, 4),
      supportOffered: some('support', nSupport, 1, 4),
      careerStage: pick(STAGES.slice(1)),
      menteeStages: random() < 0.2 ? [pick(STAGES.slice(0, 2))] : [],
      availability: subset(AVAILABILITY, 1),
      meetingModes: subset(MODES, 1),
      utcOffsetMinutes: random() < 0.9 ? pick(OFFSETS) : null,
      institution: `inst-${int(0, nInstitutions - 1)}`,
    });
  }
  const forbiddenPairs = [];
  const nForbidden = Math.round(options.mentees * (options.forbiddenPerMentee ?? 0.05));
  for (let k = 0; k < nForbidden && options.mentors > 0; k++) {
    forbiddenPairs.push({
      menteeId: (pick(mentees) as MenteeInput).id,
      mentorId: (pick(mentors) as MentorInput).id,
      reason: 'declared conflict of interest',
    });
  }
  const fixedPairs = [];
  const load = new Map<string, number>();
  const used = new Set<string>();
  const forbidden = new Set(forbiddenPairs.map((p) => `${p.menteeId}/${p.mentorId}`));
  for (let k = 0; k < (options.fixed ?? 0) * 4 && fixedPairs.length < (options.fixed ?? 0); k++) {
    const mentee = pick(mentees);
    const mentor = pick(mentors);
    if (used.has(mentee.id) || (load.get(mentor.id) ?? 0) >= mentor.capacity) continue;
    if (forbidden.has(`${mentee.id}/${mentor.id}`)) continue;
    used.add(mentee.id);
    load.set(mentor.id, (load.get(mentor.id) ?? 0) + 1);
    fixedPairs.push({ menteeId: mentee.id, mentorId: mentor.id });
  }
  const params: MatchingParams = {
    objective: 'score',
    tiers: tiers > 0,
    weights: { topics: 3, methodology: 3, support: 3, careerStage: 1, availability: 2, meetingMode: 2, timeZone: 1 },
    required: [],
    sameInstitutionForbidden: true,
    tierLabels: { '1': 'new librarians', '2': 'students' },
  };
  return { input: { mentees, mentors, forbiddenPairs, fixedPairs }, params };
}
