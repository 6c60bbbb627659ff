/** The two sides of a pair. */
export type Role = 'mentor' | 'mentee';

/**
 * Career stages in the matching engine's vocabulary; a template labels them in its own words
 * (VRT calls `early-career` "new librarian", LRRT "novice researcher").
 */
export const CAREER_STAGES = ['student', 'early-career', 'mid-career', 'senior'] as const;
export type CareerStage = (typeof CAREER_STAGES)[number];

/** The factors the matching engine can weigh. */
export const MATCHING_FACTORS = ['topics', 'methodology', 'support', 'careerStage', 'availability', 'meetingMode', 'timeZone'] as const;
export type MatchingFactor = (typeof MATCHING_FACTORS)[number];

export type QuestionType = 'text' | 'longText' | 'singleChoice' | 'multiChoice' | 'number' | 'boolean';

export interface QuestionOption {
  value: string;
  label: string;
}

/** A custom question of the application form. */
export interface Question {
  /** Stable id, kebab-case: answers are keyed by it. */
  id: string;
  label: string;
  help?: string;
  type: QuestionType;
  appliesTo: Role | 'both';
  required: boolean;
  /** Choices for `singleChoice` and `multiChoice`. */
  options?: QuestionOption[];
  /** Text: the longest answer in characters. */
  maxLength?: number;
  /** Number: bounds. */
  min?: number;
  max?: number;
  /** Multiple choice: how many options may or must be picked. */
  minChoices?: number;
  maxChoices?: number;
}

/** The fields every form asks, in the template's words. */
export interface CoreFields {
  careerStages: { value: CareerStage; label: string }[];
  /** e.g. "I am a member of the Video Round Table". */
  membershipLabel: string;
  affiliationRequired: boolean;
}

/** What a condition can look at: a core field or `answers.<question id>`. */
export type FieldRef = 'role' | 'careerStage' | 'membership' | 'mentorCapacity' | `answers.${string}`;

/** A small, serialisable condition language for eligibility rules and tiers. */
export type Condition =
  | { field: FieldRef; equals: string | number | boolean }
  | { field: FieldRef; in: readonly string[] }
  | { field: FieldRef; atLeast: number }
  | { field: FieldRef; includesAny: readonly string[] }
  | { all: readonly Condition[] }
  | { any: readonly Condition[] }
  | { not: Condition };

/** A screening rule: applications it applies to must satisfy `require`, or are ineligible with `message`. */
export interface EligibilityRule {
  id: string;
  appliesTo: Role | 'both';
  /** Only applications matching this are checked (e.g. only students). */
  when?: Condition;
  require: Condition;
  /** Why an applicant is turned down, in the committee's words. */
  message: string;
}

export interface PriorityTier {
  tier: number;
  label: string;
  when: Condition;
}

/** Which question feeds which matching factor, per side. */
export interface FactorSource {
  mentee: string;
  mentor: string;
}

export interface MatchingPolicy {
  objective: 'coverage' | 'score';
  /** Integer weights 0..100 per factor; at least one positive. */
  weights: Partial<Record<MatchingFactor, number>>;
  required?: MatchingFactor[];
  sameInstitutionForbidden?: boolean;
  minScore?: number;
  /** Where the engine reads topics, methods, support, availability and meeting modes. */
  sources: Partial<Record<'topics' | 'methodology' | 'support' | 'availability' | 'meetingMode', FactorSource>>;
}

export type CheckInPolicy =
  /** The pair agrees its own meetings (VRT: at the conference, at the VRT dinner). */
  | { kind: 'as-agreed'; suggestions: string[] }
  /** A schedule derived when the program starts (LRRT: every 3 months, 4 times, virtual). */
  | { kind: 'scheduled'; everyMonths: number; count: number; mode: 'virtual' | 'in-person' | 'any' };

export type Timeline =
  /** Pairs are made before a conference and may meet there (VRT). */
  | { kind: 'conference'; matchByDaysBefore: number }
  /** A cohort that runs for a number of months from the start (LRRT: 12). */
  | { kind: 'cohort'; months: number };

export interface CompletionRequirements {
  /** Check-ins held before participation can be completed. */
  checkInsHeld: number;
  /** Whether the pair must deliver a final presentation (LRRT: research in progress). */
  finalPresentation: boolean;
}

export interface Recognition {
  menteeCertificate: boolean;
  mentorLetter: boolean;
  /** Publications and presentations the program supported are listed publicly. */
  publicOutputsList: boolean;
}

export interface WaitlistPolicy {
  /** When a place frees: promote the next waitlisted mentee at once, or suggest it to the committee. */
  policy: 'automatic' | 'suggest';
  /** Whether a mentee screened eligible when no mentor place is left goes straight to the waitlist. */
  whenNoPlace: boolean;
}

/** A program template: everything in which programs differ, as data. */
export interface TemplateDefinition {
  name: string;
  summary: string;
  core: CoreFields;
  questions: Question[];
  eligibility: EligibilityRule[];
  /** Mentee priority tiers, lowest number first; empty: no tiers. */
  tiers: PriorityTier[];
  /** Mentees per mentor: what a mentor gets when they do not say, and the most they may offer. */
  capacity: { default: number; max: number };
  matching: MatchingPolicy;
  checkIns: CheckInPolicy;
  timeline: Timeline;
  completion: CompletionRequirements;
  recognition: Recognition;
  waitlist: WaitlistPolicy;
}

/** One version of a template, as a program pins it. */
export interface ProgramTemplate extends TemplateDefinition {
  templateId: string;
  version: number;
}
