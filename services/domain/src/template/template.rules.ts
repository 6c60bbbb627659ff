import { ValidationError } from '../core/errors';
import {
  CAREER_STAGES,
  type CareerStage,
  type Condition,
  type EligibilityRule,
  type FieldRef,
  MATCHING_FACTORS,
  type ProgramTemplate,
  type Question,
  type Role,
  type TemplateDefinition,
} from './template.types';

export type AnswerValue = string | number | boolean | string[];

/** The facts about an application that rules look at: never personal data. */
export interface ApplicantFacts {
  role: Role;
  careerStage: CareerStage;
  membership: boolean;
  mentorCapacity: number | null;
  /** Answers to choice, number and yes/no questions. */
  answers: Record<string, AnswerValue>;
}

/** Free-text answers are personal (encrypted with the applicant's key); choices, numbers and yes/no stay readable. */
export const isPersonalQuestion = (q: Question): boolean => q.type === 'text' || q.type === 'longText';

export const questionsFor = (template: TemplateDefinition, role: Role): Question[] =>
  template.questions.filter((q) => q.appliesTo === 'both' || q.appliesTo === role);

const read = (facts: ApplicantFacts, field: FieldRef): AnswerValue | null | undefined => {
  if (field.startsWith('answers.')) return facts.answers[field.slice('answers.'.length)];
  return facts[field as Exclude<FieldRef, `answers.${string}`>];
};

export const evaluate = (condition: Condition, facts: ApplicantFacts): boolean => {
  if ('all' in condition) return condition.all.every((c) => evaluate(c, facts));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, facts));
  if ('not' in condition) return !evaluate(condition.not, facts);
  const value = read(facts, condition.field);
  if ('equals' in condition) return value === condition.equals;
  if ('in' in condition) return typeof value === 'string' && condition.in.includes(value);
  if ('atLeast' in condition) return typeof value === 'number' && value >= condition.atLeast;
  return Array.isArray(value) && value.some((v) => condition.includesAny.includes(v));
};

const appliesTo = (rule: { appliesTo: Role | 'both' }, role: Role) => rule.appliesTo === 'both' || rule.appliesTo === role;

/** The first eligibility rule the applicant fails, or null when they pass every rule. */
export const failedRule = (template: TemplateDefinition, facts: ApplicantFacts): EligibilityRule | null =>
  template.eligibility.find((rule) => appliesTo(rule, facts.role) && (!rule.when || evaluate(rule.when, facts)) && !evaluate(rule.require, facts)) ?? null;

/** A mentee's priority tier (1 first), or null for mentors and when the template has no tiers. */
export const tierOf = (template: TemplateDefinition, facts: ApplicantFacts): number | null => {
  if (facts.role !== 'mentee' || template.tiers.length === 0) return null;
  return template.tiers.find((t) => evaluate(t.when, facts))?.tier ?? null;
};

export const tierLabel = (template: TemplateDefinition, tier: number | null): string =>
  tier === null ? 'no tier' : (template.tiers.find((t) => t.tier === tier)?.label ?? `tier ${tier}`);

// ---------------------------------------------------------------------------------------------
// Answers

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ApplicationInput {
  role: Role;
  name: string;
  email: string;
  affiliation?: string | null;
  careerStage: CareerStage;
  membership: boolean;
  /** Mentors: how many mentees they take on; the template's default when absent. */
  mentorCapacity?: number | null;
  answers: Record<string, AnswerValue>;
}

/** Checks one answer against its question; returns what to fix, or null. */
export const answerIssue = (q: Question, value: AnswerValue | undefined | null): string | null => {
  const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  if (empty) return q.required ? `"${q.label}" needs an answer` : null;
  const values = (q.options ?? []).map((o) => o.value);
  switch (q.type) {
    case 'text':
    case 'longText': {
      if (typeof value !== 'string') return `"${q.label}" needs a text answer`;
      const max = q.maxLength ?? (q.type === 'text' ? 200 : 4000);
      return value.length > max ? `"${q.label}" is ${value.length} characters long; shorten it to at most ${max}` : null;
    }
    case 'singleChoice':
      return typeof value === 'string' && values.includes(value) ? null : `"${q.label}" must be one of: ${values.join(', ')}`;
    case 'multiChoice': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return `"${q.label}" needs a list of choices`;
      const unknown = value.filter((v) => !values.includes(v));
      if (unknown.length > 0) return `"${q.label}" does not offer ${unknown.join(', ')}; choose from: ${values.join(', ')}`;
      if (new Set(value).size !== value.length) return `"${q.label}" lists a choice twice`;
      if (q.maxChoices !== undefined && value.length > q.maxChoices) return `"${q.label}" allows at most ${q.maxChoices} choices; you picked ${value.length}`;
      if (q.minChoices !== undefined && value.length < q.minChoices) return `"${q.label}" needs at least ${q.minChoices} choices; you picked ${value.length}`;
      return null;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `"${q.label}" needs a number`;
      if (q.min !== undefined && value < q.min) return `"${q.label}" must be at least ${q.min}`;
      if (q.max !== undefined && value > q.max) return `"${q.label}" must be at most ${q.max}`;
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : `"${q.label}" needs yes or no`;
  }
};

/** Every issue with a complete application (core fields and answers), in the form's order. */
export const applicationIssues = (template: TemplateDefinition, input: ApplicationInput): string[] => {
  const issues: string[] = [];
  if (input.role !== 'mentor' && input.role !== 'mentee') issues.push('role must be mentor or mentee');
  if (typeof input.name !== 'string' || input.name.trim().length === 0) issues.push('name needs an answer');
  else if (input.name.length > 200) issues.push('name is longer than 200 characters; shorten it');
  if (typeof input.email !== 'string' || !EMAIL.test(input.email)) issues.push(`email "${String(input.email)}" is not an email address`);
  if (template.core.affiliationRequired && !input.affiliation?.trim()) issues.push('affiliation (institution) needs an answer');
  if (input.affiliation && input.affiliation.length > 300) issues.push('affiliation is longer than 300 characters; shorten it');
  const stages = template.core.careerStages.map((s) => s.value);
  if (!stages.includes(input.careerStage))
    issues.push(`career stage must be one of: ${template.core.careerStages.map((s) => `${s.value} (${s.label})`).join(', ')}`);
  if (typeof input.membership !== 'boolean') issues.push(`"${template.core.membershipLabel}" needs yes or no`);
  if (input.role === 'mentor' && input.mentorCapacity !== undefined && input.mentorCapacity !== null) {
    if (!Number.isInteger(input.mentorCapacity) || input.mentorCapacity < 1 || input.mentorCapacity > template.capacity.max) {
      issues.push(`a mentor takes on 1 to ${template.capacity.max} mentees in this program; ${input.mentorCapacity} is not possible`);
    }
  }
  if (input.role === 'mentee' && input.mentorCapacity !== undefined && input.mentorCapacity !== null) issues.push('only mentors state a mentor capacity');
  const asked = questionsFor(template, input.role);
  for (const q of asked) {
    const issue = answerIssue(q, input.answers?.[q.id]);
    if (issue) issues.push(issue);
  }
  for (const id of Object.keys(input.answers ?? {})) {
    if (!asked.some((q) => q.id === id)) issues.push(`the form for ${input.role}s has no question "${id}"`);
  }
  return issues;
};

/** Splits answers into the readable part (`data`) and the personal part (encrypted). */
export const splitAnswers = (
  template: TemplateDefinition,
  answers: Record<string, AnswerValue>,
): { open: Record<string, AnswerValue>; personal: Record<string, AnswerValue> } => {
  const open: Record<string, AnswerValue> = {};
  const personal: Record<string, AnswerValue> = {};
  for (const [id, value] of Object.entries(answers)) {
    const q = template.questions.find((x) => x.id === id);
    if (q && isPersonalQuestion(q)) personal[id] = value;
    else open[id] = value;
  }
  return { open, personal };
};

// ---------------------------------------------------------------------------------------------
// Templates themselves

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

const conditionFields = (c: Condition): FieldRef[] => {
  if ('all' in c) return c.all.flatMap(conditionFields);
  if ('any' in c) return c.any.flatMap(conditionFields);
  if ('not' in c) return conditionFields(c.not);
  return [c.field];
};

/** Every issue with a template definition, so a committee can fix them in one go. */
export const templateIssues = (t: TemplateDefinition): string[] => {
  const issues: string[] = [];
  if (!t.name?.trim()) issues.push('the template needs a name');
  if (!Array.isArray(t.core?.careerStages) || t.core.careerStages.length === 0) issues.push('list at least one career stage');
  for (const s of t.core?.careerStages ?? []) {
    if (!CAREER_STAGES.includes(s.value)) issues.push(`career stage "${s.value}" must be one of ${CAREER_STAGES.join(', ')}`);
  }
  const ids = new Set<string>();
  for (const q of t.questions ?? []) {
    if (!ID.test(q.id)) issues.push(`question id "${q.id}" must be kebab-case (a-z, 0-9, -)`);
    if (ids.has(q.id)) issues.push(`question id "${q.id}" is used twice`);
    ids.add(q.id);
    if ((q.type === 'singleChoice' || q.type === 'multiChoice') && (!q.options || q.options.length === 0)) {
      issues.push(`question "${q.id}" is a choice but offers no options`);
    }
    if (q.options && new Set(q.options.map((o) => o.value)).size !== q.options.length) issues.push(`question "${q.id}" lists an option twice`);
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) issues.push(`question "${q.id}": min ${q.min} is above max ${q.max}`);
    if (q.minChoices !== undefined && q.maxChoices !== undefined && q.minChoices > q.maxChoices) {
      issues.push(`question "${q.id}": minChoices ${q.minChoices} is above maxChoices ${q.maxChoices}`);
    }
  }
  const ruleIds = new Set<string>();
  const checkFields = (where: string, c: Condition) => {
    for (const f of conditionFields(c)) {
      if (!f.startsWith('answers.')) continue;
      const q = t.questions.find((x) => x.id === f.slice('answers.'.length));
      if (!q) issues.push(`${where} looks at "${f}", but the form has no such question`);
      else if (isPersonalQuestion(q)) issues.push(`${where} looks at the free-text answer "${q.id}"; rules may only use choices, numbers and yes/no answers`);
    }
  };
  for (const r of t.eligibility ?? []) {
    if (!ID.test(r.id)) issues.push(`eligibility rule id "${r.id}" must be kebab-case`);
    if (ruleIds.has(r.id)) issues.push(`eligibility rule id "${r.id}" is used twice`);
    ruleIds.add(r.id);
    if (!r.message?.trim()) issues.push(`eligibility rule "${r.id}" needs a message that tells applicants why`);
    checkFields(`eligibility rule "${r.id}"`, r.require);
    if (r.when) checkFields(`eligibility rule "${r.id}"`, r.when);
  }
  const tiers = (t.tiers ?? []).map((x) => x.tier);
  if (new Set(tiers).size !== tiers.length) issues.push('two priority tiers share a number');
  if (tiers.some((n) => !Number.isInteger(n) || n < 1)) issues.push('priority tiers are numbered 1, 2, ...');
  for (const tier of t.tiers ?? []) checkFields(`tier ${tier.tier}`, tier.when);
  if (!Number.isInteger(t.capacity?.default) || t.capacity.default < 1) issues.push('mentees per mentor (default) must be at least 1');
  if (!Number.isInteger(t.capacity?.max) || t.capacity.max < t.capacity?.default) issues.push('the most mentees per mentor must be at least the default');
  const weights = Object.entries(t.matching?.weights ?? {});
  for (const [factor, w] of weights) {
    if (!(MATCHING_FACTORS as readonly string[]).includes(factor)) issues.push(`matching factor "${factor}" is unknown; use ${MATCHING_FACTORS.join(', ')}`);
    if (!Number.isInteger(w) || (w as number) < 0 || (w as number) > 100) issues.push(`the weight of "${factor}" must be a whole number from 0 to 100`);
  }
  if (!weights.some(([, w]) => (w as number) > 0)) issues.push('give at least one matching factor a positive weight');
  for (const [factor, source] of Object.entries(t.matching?.sources ?? {})) {
    for (const side of ['mentee', 'mentor'] as const) {
      const q = t.questions.find((x) => x.id === source?.[side]);
      if (!q) issues.push(`matching factor "${factor}" reads question "${source?.[side]}" for ${side}s, which the form does not ask`);
      else if (q.type !== 'multiChoice' && q.type !== 'singleChoice') issues.push(`matching factor "${factor}" needs a choice question, not "${q.id}"`);
    }
  }
  if (t.checkIns?.kind === 'scheduled') {
    if (!Number.isInteger(t.checkIns.everyMonths) || t.checkIns.everyMonths < 1) issues.push('check-ins are at least one month apart');
    if (!Number.isInteger(t.checkIns.count) || t.checkIns.count < 1) issues.push('a check-in schedule has at least one check-in');
  }
  if (t.timeline?.kind === 'cohort' && (!Number.isInteger(t.timeline.months) || t.timeline.months < 1)) issues.push('a cohort lasts at least one month');
  if (t.timeline?.kind === 'conference' && (!Number.isInteger(t.timeline.matchByDaysBefore) || t.timeline.matchByDaysBefore < 0)) {
    issues.push('"match by days before the conference" must be 0 or more');
  }
  const scheduled = t.checkIns?.kind === 'scheduled' ? t.checkIns.count : Number.POSITIVE_INFINITY;
  if (!Number.isInteger(t.completion?.checkInsHeld) || t.completion.checkInsHeld < 0) issues.push('required check-ins must be 0 or more');
  else if (t.completion.checkInsHeld > scheduled) {
    issues.push(`completion asks for ${t.completion.checkInsHeld} check-ins but the schedule has only ${scheduled}; lower one or raise the other`);
  }
  return issues;
};

export const assertValidTemplate = (t: TemplateDefinition): void => {
  const issues = templateIssues(t);
  if (issues.length > 0) throw new ValidationError(`the template has ${issues.length} problem(s): ${issues.join('; ')}`, issues);
};

export const pinned = (templateId: string, version: number, definition: TemplateDefinition): ProgramTemplate => ({ ...definition, templateId, version });
