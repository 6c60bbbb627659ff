/**
 * Public data types of the matching engine.
 *
 * Everything here is plain JSON-serialisable data: the domain stores the parameters and the
 * result of a run in its `MatchRunCompleted` event, and an auditor re-runs the engine on the
 * same input to get the same proposals.
 */

/** The factors a program template weighs when it scores a mentor–mentee pair. */
export const FACTORS = ['topics', 'methodology', 'support', 'careerStage', 'availability', 'meetingMode', 'timeZone'] as const;

/**
 * One scoring factor:
 * - `topics`: share of the mentee's topics (research topics, interests) the mentor also names;
 * - `methodology`: share of the mentee's research methods the mentor also works with;
 * - `support`: share of the help the mentee wants (project need) that the mentor offers;
 * - `careerStage`: the mentor is further along, or asked for mentees at this stage;
 * - `availability`: the two share at least one time they are available;
 * - `meetingMode`: the two share at least one way to meet (virtual, at the conference, ...);
 * - `timeZone`: how close their UTC offsets are (full marks when equal, none from 8 hours apart).
 */
export type FactorId = (typeof FACTORS)[number];

/** Career stages in order: a mentor further along this list is "further along" than a mentee. */
export const CAREER_STAGES = ['student', 'early-career', 'mid-career', 'senior'] as const;

/** A career stage; `early-career` covers new librarians and novice researchers. */
export type CareerStage = (typeof CAREER_STAGES)[number];

/**
 * What to optimise after the priority tiers:
 * - `coverage`: match as many people as possible, then the highest total score among those;
 * - `score`: the highest total score (a weak pair is left out if it would only lower it).
 */
export type Objective = 'coverage' | 'score';

/** Fields a mentee and a mentor application both carry. Missing lists mean "none given". */
export interface ApplicantProfile {
  /** Stable id of the application (never a name: results are stored in events). */
  id: string;
  /** Whether screening admitted this applicant. Ineligible applicants are never proposed. */
  eligible: boolean;
  /** Why screening turned the applicant down, in words ("not a VRT member"). */
  ineligibleReason?: string | null;
  /** Research topics or interests, as option values of the template's form. */
  topics?: string[];
  /** Research methodologies ("qualitative", "survey", ...). */
  methodologies?: string[];
  /** Career stage, if the form asks for it. */
  careerStage?: CareerStage | null;
  /** Times the applicant is available ("weekday-evenings", "before-ala-annual", ...). */
  availability?: string[];
  /** Ways the applicant can meet ("virtual", "at-conference", "in-person"). */
  meetingModes?: string[];
  /**
   * UTC offset in minutes (-720..840), if given. An offset rather than a zone name keeps the
   * engine free of time-zone databases, whose versions differ between machines; the domain
   * converts the zone at the program's reference date.
   */
  utcOffsetMinutes?: number | null;
  /** Institution, compared case- and space-insensitively for the same-institution rule. */
  institution?: string | null;
}

/** A prospective mentee in the program's pool. */
export interface MenteeInput extends ApplicantProfile {
  /**
   * Priority tier: 1 is matched before 2, and so on (VRT: 1 = new librarians, 2 = students).
   * `null` means no tier; with tiers enabled, untiered mentees come after every tier.
   */
  tier?: number | null;
  /** The help the mentee asks for ("research-design", "publication-outlets", ...). */
  supportWanted?: string[];
}

/** A prospective mentor in the program's pool. */
export interface MentorInput extends ApplicantProfile {
  /** How many mentees this mentor takes on (at least 1). */
  capacity: number;
  /** The help the mentor offers, in the same vocabulary as `MenteeInput.supportWanted`. */
  supportOffered?: string[];
  /** Career stages of mentees this mentor asked for; empty or absent means no preference. */
  menteeStages?: CareerStage[];
}

/** A pair the committee excluded (a declared conflict of interest). */
export interface ForbiddenPair {
  menteeId: string;
  mentorId: string;
  /** Why, in the committee's words; shown in explanations. */
  reason?: string | null;
}

/** A pair the committee fixed: kept as it is, whatever the scores or rules say. */
export interface FixedPair {
  menteeId: string;
  mentorId: string;
}

/** The pool and the committee's decisions: the data a match run works on. */
export interface MatchingInput {
  mentees: MenteeInput[];
  mentors: MentorInput[];
  forbiddenPairs?: ForbiddenPair[];
  fixedPairs?: FixedPair[];
}

/** Weight per factor, integers 0..100. A factor with weight 0 (or absent) is not scored. */
export type FactorWeights = Partial<Record<FactorId, number>>;

/** The template's matching policy and the choices of this run. */
export interface MatchingParams {
  /** What to optimise once the tiers are served. */
  objective: Objective;
  /**
   * Match priority tiers lexicographically: every applicant of tier 1 who can be matched is,
   * before any applicant of tier 2 is considered, and so on.
   */
  tiers: boolean;
  /** Weight per factor. At least one weight must be positive. */
  weights: FactorWeights;
  /**
   * Factors a pair must share to be proposed at all (a hard constraint): e.g. `methodology`
   * makes "no shared methodology" a reason not to pair. A factor the mentee gave no answer
   * for is not checked.
   */
  required?: FactorId[];
  /** Whether a mentee and a mentor from the same institution may not be paired. */
  sameInstitutionForbidden?: boolean;
  /** The lowest score (1..1000) a pair needs to be proposed. Default 1: any common ground. */
  minScore?: number;
  /** Words for option values in explanations ({"qualitative": "qualitative methods"}). */
  labels?: Record<string, string>;
  /** Words for tiers in explanations ({"1": "new librarians", "2": "students"}). */
  tierLabels?: Record<string, string>;
}

/** One factor's part in a pair's score. */
export interface FactorScore {
  factor: FactorId;
  /** The template's weight for the factor. */
  weight: number;
  /**
   * Whether the factor counted: it does not when the answers it needs are missing (the mentee
   * named no methodology, a time zone was not given). Only applicable factors enter the score.
   */
  applicable: boolean;
  /** The factor's score, 0..1000 (0 when not applicable). */
  score: number;
  /** The factor in words a committee member understands. */
  text: string;
}

/** A pair's score: the weighted mean of the applicable factors, an integer 0..1000. */
export interface PairScore {
  score: number;
  factors: FactorScore[];
}

/** The best other mentor for a proposed mentee. */
export interface Alternative {
  mentorId: string;
  score: number;
  /** Whether this mentor still has a free place once every proposal is made. */
  hasFreePlace: boolean;
  /** e.g. "next best: mentor m-7 with a free place, score 640 (150 lower): topics 333 vs 1000" */
  text: string;
}

/** A proposed pair. */
export interface Proposal {
  menteeId: string;
  mentorId: string;
  score: number;
  /** True when the committee fixed this pair; the engine kept it as it is. */
  fixed: boolean;
  factors: FactorScore[];
  /** One line: the score and the factors that carried it. */
  summary: string;
  /**
   * The best other mentor with a free place; if none has one, the best other mentor overall
   * (`hasFreePlace` says which). `null` when the mentee has no other candidate.
   */
  alternative: Alternative | null;
}

/**
 * The constraints that can keep an applicant unmatched. Each comes with a counterfactual: relax
 * it (for this applicant alone) and the applicant becomes matchable.
 * - `ineligible`: screening turned the applicant down. Relax: treat as eligible.
 * - `mentor-ineligible`: the mentors who would fit are not eligible to mentor. Relax: let this
 *   mentee pair with them.
 * - `forbidden-pair`: a declared conflict of interest. Relax: drop this mentee's forbidden pairs.
 * - `same-institution`: the template forbids pairs from one institution. Relax: allow them for
 *   this mentee.
 * - `required-factor`: the pair shares nothing on a required factor (`factor` says which).
 *   Relax: the factor is not required for this mentee.
 * - `below-min-score`: the pair scores below the template's minimum. Relax: no minimum for this
 *   mentee.
 * - `capacity`: every mentor who fits is full. Relax: unlimited places with the mentors who fit.
 * - `no-mentors`: the pool has no mentor at all; nothing to relax.
 */
export type UnmatchedReasonCode =
  | 'ineligible'
  | 'mentor-ineligible'
  | 'forbidden-pair'
  | 'same-institution'
  | 'required-factor'
  | 'below-min-score'
  | 'capacity'
  | 'no-mentors';

/** Who holds the places of the mentors who fit an unmatched mentee. */
export type PlacesHeldBy = 'higher-tier' | 'fixed-pairs' | 'other-applicants';

/** One binding constraint for an unmatched mentee. */
export interface UnmatchedReason {
  code: UnmatchedReasonCode;
  /** For `required-factor`: the factor the pair must share. */
  factor?: FactorId;
  /** For `capacity`: who holds the places. */
  heldBy?: PlacesHeldBy;
  /** The mentors concerned (at most five, best first). */
  mentorIds: string[];
  text: string;
}

/** A mentee the run left unmatched, and why. */
export interface UnmatchedMentee {
  menteeId: string;
  tier: number | null;
  /**
   * The binding constraints, most basic first. Relaxing all of them together (for this mentee)
   * makes the mentee matchable: some optimal assignment of the relaxed pool matches them.
   */
  reasons: UnmatchedReason[];
  /** The reasons in one sentence. */
  text: string;
}

/** A mentor with places left after the run. */
export interface MentorPlaces {
  mentorId: string;
  capacity: number;
  taken: number;
}

/** Matched counts for one tier. */
export interface TierSummary {
  tier: number | null;
  label: string;
  applicants: number;
  eligible: number;
  matched: number;
}

/** Totals of a run. */
export interface MatchingSummary {
  mentees: number;
  mentors: number;
  places: number;
  matched: number;
  fixed: number;
  unmatched: number;
  totalScore: number;
  /** Pairs that pass every hard constraint (the size of the graph the optimiser searched). */
  candidatePairs: number;
  byTier: TierSummary[];
}

/** The outcome of a run: deterministic for the same input and parameters. */
export interface MatchingResult {
  engineVersion: string;
  /** sha256 of the canonical input and parameters; see `inputsDigest`. */
  inputsDigest: string;
  /** The parameters with every default filled in, as the run used them. */
  params: CanonicalParams;
  /** Proposals ordered by mentee id. */
  proposals: Proposal[];
  /** Unmatched mentees ordered by mentee id, ineligible ones included. */
  unmatched: UnmatchedMentee[];
  /** Every eligible mentor's places, ordered by mentor id. */
  mentorPlaces: MentorPlaces[];
  summary: MatchingSummary;
}

/** `MatchingParams` with every default filled in and lists sorted. */
export interface CanonicalParams {
  objective: Objective;
  tiers: boolean;
  weights: Record<FactorId, number>;
  required: FactorId[];
  sameInstitutionForbidden: boolean;
  minScore: number;
  labels: Record<string, string>;
  tierLabels: Record<string, string>;
}
