import { describe, expect, it } from 'vitest';
import { ConflictError, IllegalStateError, NotFoundError, ValidationError } from '../src/core/errors';
import { templateDecider, templateVersion } from '../src/template/template.decider';
import { applicationIssues, failedRule, templateIssues, tierOf } from '../src/template/template.rules';
import type { TemplateDefinition } from '../src/template/template.types';
import { lrrtTemplate } from '../src/template/templates/lrrt.template';
import { vrtTemplate } from '../src/template/templates/vrt.template';
import { spec } from './support/decider-spec';
import { lrrtMentee, lrrtMentor, meta, vrtMentee, vrtMentor } from './support/program-scenario';

const template = spec(templateDecider);
const defined = { type: 'TemplateDefined' as const, data: { templateId: 'vrt-mentorship', version: 1 as const, definition: vrtTemplate } };

describe('the shipped templates', () => {
  it('VRT and LRRT templates pass template validation', () => {
    expect(templateIssues(vrtTemplate)).toEqual([]);
    expect(templateIssues(lrrtTemplate)).toEqual([]);
  });

  it('VRT: mentors must be VRT members (seed 000: "Mentors should be VRT members")', () => {
    const facts = { role: 'mentor' as const, careerStage: 'mid-career' as const, membership: false, mentorCapacity: 1, answers: {} };
    expect(failedRule(vrtTemplate, facts)?.id).toBe('mentor-vrt-member');
    expect(failedRule(vrtTemplate, { ...facts, membership: true })).toBeNull();
  });

  it('VRT: mentees are new librarians (tier 1) or student VRT members (tier 2)', () => {
    const mentee = { role: 'mentee' as const, membership: true, mentorCapacity: null, answers: {} };
    expect(tierOf(vrtTemplate, { ...mentee, careerStage: 'early-career' })).toBe(1);
    expect(tierOf(vrtTemplate, { ...mentee, careerStage: 'student' })).toBe(2);
    expect(failedRule(vrtTemplate, { ...mentee, careerStage: 'student', membership: false })?.id).toBe('student-mentee-vrt-member');
    expect(failedRule(vrtTemplate, { ...mentee, careerStage: 'senior' })?.id).toBe('mentee-new-librarian-or-student');
  });

  it('LRRT: mentors are experienced LIS researchers; no tiers', () => {
    const facts = { role: 'mentor' as const, careerStage: 'senior' as const, membership: true, mentorCapacity: 1, answers: { 'research-experience': 'some' } };
    expect(failedRule(lrrtTemplate, facts)?.id).toBe('mentor-experienced-researcher');
    expect(failedRule(lrrtTemplate, { ...facts, answers: { 'research-experience': 'extensive' } })).toBeNull();
    expect(tierOf(lrrtTemplate, { ...facts, role: 'mentee' })).toBeNull();
  });

  it('LRRT: four quarterly virtual check-ins, a final presentation, certificate and letter, a public list of outputs', () => {
    expect(lrrtTemplate.checkIns).toEqual({ kind: 'scheduled', everyMonths: 3, count: 4, mode: 'virtual' });
    expect(lrrtTemplate.timeline).toEqual({ kind: 'cohort', months: 12 });
    expect(lrrtTemplate.completion).toEqual({ checkInsHeld: 4, finalPresentation: true });
    expect(lrrtTemplate.recognition).toEqual({ menteeCertificate: true, mentorLetter: true, publicOutputsList: true });
  });
});

describe('answers are validated against the template questions', () => {
  it('accepts complete applications', () => {
    expect(applicationIssues(vrtTemplate, vrtMentor())).toEqual([]);
    expect(applicationIssues(vrtTemplate, vrtMentee('student'))).toEqual([]);
    expect(applicationIssues(lrrtTemplate, lrrtMentor())).toEqual([]);
    expect(applicationIssues(lrrtTemplate, lrrtMentee())).toEqual([]);
  });

  it('names every missing, unknown, too long or out-of-range answer', () => {
    const issues = applicationIssues(lrrtTemplate, {
      ...lrrtMentee(),
      email: 'not-an-email',
      affiliation: '',
      answers: { 'research-topics': ['astrology'], methodologies: [], support: ['research-design'], project: 'x'.repeat(3001), unknown: true },
    });
    expect(issues).toEqual([
      'email "not-an-email" is not an email address',
      'affiliation (institution) needs an answer',
      '"Research topics" does not offer astrology; choose from: information-literacy, scholarly-communication, assessment, user-experience, data-services, dei, collections, public-libraries, digital-libraries',
      '"Research methodologies" needs an answer',
      '"The research project or question you want to work on" is 3001 characters long; shorten it to at most 3000',
      'the form for mentees has no question "unknown"',
    ]);
  });

  it('limits choices and mentor capacity', () => {
    const issues = applicationIssues(vrtTemplate, vrtMentor({ mentorCapacity: 4, answers: { ...vrtMentor().answers, 'years-in-media': -1 } }));
    expect(issues).toEqual([
      'a mentor takes on 1 to 3 mentees in this program; 4 is not possible',
      '"Years working with video or media collections" must be at least 0',
    ]);
  });
});

describe('template stream', () => {
  describe('when no template is defined', () => {
    it('defines version 1', () =>
      template
        .given([])
        .when({ type: 'DefineTemplate', data: { templateId: 'vrt-mentorship', definition: vrtTemplate }, metadata: meta() })
        .then([defined]));

    it('rejects a definition with problems, listing them all', () => {
      const broken: TemplateDefinition = { ...vrtTemplate, matching: { ...vrtTemplate.matching, weights: { topics: 0 } }, capacity: { default: 0, max: 0 } };
      const error = template
        .given([])
        .when({ type: 'DefineTemplate', data: { templateId: 'x', definition: broken }, metadata: meta() })
        .thenThrows(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        'mentees per mentor (default) must be at least 1',
        'give at least one matching factor a positive weight',
      ]);
    });

    it('rejects rules that look at free-text (personal) answers', () => {
      const broken: TemplateDefinition = {
        ...vrtTemplate,
        eligibility: [{ id: 'r', appliesTo: 'both', require: { field: 'answers.goals', equals: 'x' }, message: 'm' }],
      };
      template
        .given([])
        .when({ type: 'DefineTemplate', data: { templateId: 'x', definition: broken }, metadata: meta() })
        .thenThrows(ValidationError, /free-text answer "goals"/);
    });

    it('cannot change what does not exist', () =>
      template
        .given([])
        .when({ type: 'ChangeTemplate', data: { templateId: 'x', definition: vrtTemplate, change: 'c' }, metadata: meta() })
        .thenThrows(NotFoundError));
  });

  describe('when a template is defined', () => {
    it('changing it makes the next version and keeps the old one for programs that pinned it', () => {
      const changed = { ...vrtTemplate, capacity: { default: 2, max: 3 } };
      template
        .given([defined])
        .when({
          type: 'ChangeTemplate',
          data: { templateId: 'vrt-mentorship', definition: changed, change: 'two mentees per mentor by default' },
          metadata: meta(),
        })
        .then([
          { type: 'TemplateChanged', data: { templateId: 'vrt-mentorship', version: 2, definition: changed, change: 'two mentees per mentor by default' } },
        ]);
      const state = templateDecider.evolve(templateDecider.evolve(templateDecider.initialState(), defined), {
        type: 'TemplateChanged',
        data: { templateId: 'vrt-mentorship', version: 2, definition: changed, change: 'c' },
      });
      expect(templateVersion(state, 1).capacity.default).toBe(1);
      expect(templateVersion(state).capacity.default).toBe(2);
      expect(() => templateVersion(state, 3)).toThrow(NotFoundError);
    });

    it('rejects a change that changes nothing', () =>
      template
        .given([defined])
        .when({ type: 'ChangeTemplate', data: { templateId: 'vrt-mentorship', definition: vrtTemplate, change: 'none' }, metadata: meta() })
        .thenThrows(IllegalStateError, /equals version 1/));

    it('rejects defining it twice', () =>
      template
        .given([defined])
        .when({ type: 'DefineTemplate', data: { templateId: 'vrt-mentorship', definition: vrtTemplate }, metadata: meta() })
        .thenThrows(ConflictError));
  });
});
