import type {
  CheckInPolicy,
  Condition,
  MatchingFactor,
  PriorityTier,
  QuestionOption,
  QuestionType,
  Role,
  TemplateDefinition,
} from '@tandem/domain/template-types';
import { MATCHING_FACTORS } from '@tandem/domain/template-types';
import type { ApplicationFormQuery } from '../gql/graphql';

/**
 * A program template as the API stores it (`ProgramTemplate.definition`): the domain's
 * TemplateDefinition itself. The API validates every change; the types guide the editor.
 */
export type { Condition, EligibilityRule, Question, QuestionType, Role, TemplateDefinition, Timeline } from '@tandem/domain/template-types';
export type Option = QuestionOption;
export type Tier = PriorityTier;
export type CheckIns = CheckInPolicy;

export const FACTORS = MATCHING_FACTORS;
export type Factor = MatchingFactor;

export const FACTOR_LABELS: Record<Factor, string> = {
  topics: 'Topics and interests',
  methodology: 'Research methods',
  support: 'Support wanted and offered',
  careerStage: 'Career stage',
  availability: 'Availability',
  meetingMode: 'How they meet',
  timeZone: 'Time zone',
};

export const QUESTION_TYPES: { value: QuestionType; label: string }[] = [
  { value: 'text', label: 'Short text' },
  { value: 'longText', label: 'Long text' },
  { value: 'singleChoice', label: 'One choice' },
  { value: 'multiChoice', label: 'Several choices' },
  { value: 'number', label: 'Number' },
  { value: 'boolean', label: 'Yes or no' },
];

export const APPLIES_TO: { value: Role | 'both'; label: string }[] = [
  { value: 'both', label: 'Mentors and mentees' },
  { value: 'mentee', label: 'Mentees only' },
  { value: 'mentor', label: 'Mentors only' },
];

export const isChoice = (type: QuestionType) => type === 'singleChoice' || type === 'multiChoice';

/** A kebab-case key from a label, unique among `taken` (the API requires a-z, 0-9 and dashes). */
export const keyFrom = (label: string, taken: readonly string[], fallback = 'question'): string => {
  const base =
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || fallback;
  let key = base;
  for (let n = 2; taken.includes(key); n++) key = `${base}-${n}`;
  return key;
};

export const copyOf = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** What the editor may not remove: questions that matching, rules or tiers read. */
export const questionUses = (definition: TemplateDefinition, questionId: string): string[] => {
  const uses: string[] = [];
  for (const [factor, source] of Object.entries(definition.matching.sources)) {
    if (source?.mentee === questionId || source?.mentor === questionId) uses.push(`matching on ${FACTOR_LABELS[factor as Factor] ?? factor}`);
  }
  const reads = (c: Condition): boolean =>
    'all' in c ? c.all.some(reads) : 'any' in c ? c.any.some(reads) : 'not' in c ? reads(c.not) : c.field === `answers.${questionId}`;
  for (const rule of definition.eligibility) if (reads(rule.require) || (rule.when && reads(rule.when))) uses.push(`eligibility rule ${rule.id}`);
  for (const tier of definition.tiers) if (reads(tier.when)) uses.push(`priority tier ${tier.tier}`);
  return uses;
};

const fieldName = (definition: TemplateDefinition, field: string) => {
  if (field === 'careerStage') return 'career stage';
  if (field === 'membership') return 'round-table membership';
  if (field === 'mentorCapacity') return 'mentees offered';
  if (field === 'role') return 'role';
  const id = field.replace(/^answers\./, '');
  return `“${definition.questions.find((q) => q.id === id)?.label ?? id}”`;
};

const valueName = (definition: TemplateDefinition, field: string, value: unknown): string => {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = String(value);
  if (field === 'careerStage') return definition.core.careerStages.find((s) => s.value === text)?.label.toLowerCase() ?? text;
  const question = definition.questions.find((q) => `answers.${q.id}` === field);
  return question?.options?.find((o) => o.value === text)?.label ?? text;
};

/** A rule's condition in words: "career stage is new librarian". */
export const conditionInWords = (definition: TemplateDefinition, c: Condition): string => {
  if ('all' in c) return c.all.map((x) => conditionInWords(definition, x)).join(' and ');
  if ('any' in c) return c.any.map((x) => conditionInWords(definition, x)).join(' or ');
  if ('not' in c) return `not (${conditionInWords(definition, c.not)})`;
  const name = fieldName(definition, c.field);
  if ('equals' in c) return `${name} is ${valueName(definition, c.field, c.equals)}`;
  if ('in' in c) return `${name} is ${c.in.map((v) => valueName(definition, c.field, v)).join(' or ')}`;
  if ('atLeast' in c) return `${name} is at least ${c.atLeast}`;
  return `${name} includes ${c.includesAny.map((v) => valueName(definition, c.field, v)).join(' or ')}`;
};

/** The career stages a tier's condition picks, when it is a plain career-stage condition (else null: shown in words only). */
export const tierStages = (c: Condition): string[] | null => {
  if (!('field' in c) || c.field !== 'careerStage') return null;
  if ('equals' in c && typeof c.equals === 'string') return [c.equals];
  if ('in' in c) return [...c.in];
  return null;
};

export const stagesCondition = (stages: string[]): Condition =>
  stages.length === 1 ? { field: 'careerStage', equals: stages[0] as string } : { field: 'careerStage', in: stages };

type Form = ApplicationFormQuery['applicationForm'];

/** The public form a program drafted from this definition would show, the way the API builds it. */
export const previewForm = (definition: TemplateDefinition, roundTableName: string): Form => ({
  programTitle: definition.name,
  roundTableName,
  summary: definition.summary,
  open: true,
  closesAt: null,
  core: { ...definition.core, capacity: definition.capacity },
  questions: definition.questions.map((q) => {
    const { id, label, type, appliesTo, required, options, help, ...limits } = q;
    return {
      id,
      label,
      type,
      appliesTo,
      required: required ?? false,
      options: options ?? null,
      limits: Object.keys(limits).length ? limits : null,
      help: help ?? null,
    };
  }),
});
