import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../src/core/errors';
import { programDecider } from '../src/program/program.decider';
import type { ProgramCommand } from '../src/program/program.events';
import { spec } from './support/decider-spec';
import { AT, lrrtMentee, lrrtMentor, meta, Scenario, vrtMentee, vrtMentor } from './support/program-scenario';

const program = spec(programDecider);
const c = (type: ProgramCommand['type'], data: unknown, over = {}) => ({ type, data, metadata: meta(over) }) as ProgramCommand;
const submit = (applicationId: string, input: ReturnType<typeof vrtMentor>, over = {}) =>
  c('SubmitApplication', { applicationId, personId: `person-${applicationId}`, input }, { actor: 'public', ...over });

describe('applications', () => {
  describe('submitting, while the window is open', () => {
    const open = Scenario.lrrt().events;

    it('records readable facts in data and name, email, affiliation and free text in the personal part', () =>
      program
        .given(open)
        .when(submit('a1', lrrtMentee()))
        .then([
          {
            type: 'ApplicationSubmitted',
            data: {
              applicationId: 'a1',
              programId: 'lrrt-2026',
              personId: 'person-a1',
              role: 'mentee',
              careerStage: 'early-career',
              membership: true,
              mentorCapacity: null,
              answers: { 'research-topics': ['information-literacy'], methodologies: ['survey'], support: ['research-design', 'article-from-thesis'] },
              submittedAt: AT.inWindow,
              windowOverride: null,
            },
            personal: {
              personId: 'person-a1',
              fields: {
                name: 'Noor Novice',
                email: 'noor@example.edu',
                affiliation: 'City College',
                answers: { project: 'Turning my thesis on first-year information literacy into an article.' },
              },
            },
          },
        ]));

    it('gives a mentor the template default capacity when they do not say', () =>
      program
        .given(open)
        .when(submit('m1', lrrtMentor({ mentorCapacity: null })))
        .thenMatches([{ data: { mentorCapacity: 1 } }]));

    it('rejects answers that break the form, saying what to change', () =>
      program
        .given(open)
        .when(submit('a1', lrrtMentee({ answers: { ...lrrtMentee().answers, methodologies: ['astrology'] } })))
        .thenThrows(ValidationError, /"Research methodologies" does not offer astrology/));

    it('rejects a second active application by the same person', () => {
      const s = Scenario.lrrt().submit('a1', lrrtMentee());
      program
        .given(s.events)
        .when(c('SubmitApplication', { applicationId: 'a2', personId: 'person-a1', input: lrrtMentor() }, { actor: 'public' }))
        .thenThrows(ConflictError, /already applied/);
    });

    it('rejects a reused application id', () => {
      const s = Scenario.lrrt().submit('a1', lrrtMentee());
      program.given(s.events).when(submit('a1', lrrtMentee())).thenThrows(ConflictError);
    });
  });

  describe('submitting outside the window', () => {
    it('is rejected before the window opens', () =>
      program
        .given(Scenario.lrrt({ open: false }).events)
        .when(submit('a1', lrrtMentee()))
        .thenThrows(IllegalStateError, /not open yet/, 'application-window'));

    it('is rejected after the window closed', () =>
      program
        .given(Scenario.lrrt().events)
        .when(submit('a1', lrrtMentee(), { occurredAt: AT.afterWindow }))
        .thenThrows(IllegalStateError, /closed on 2026-05-01/, 'application-window'));

    it('is accepted with a committee override, recorded as one', () =>
      program
        .given(Scenario.lrrt().events)
        .when(
          c(
            'SubmitApplication',
            { applicationId: 'a1', personId: 'p1', input: lrrtMentee(), windowOverride: { by: 'chair-1', role: 'chair', reason: 'referred by the chair' } },
            { occurredAt: AT.afterWindow },
          ),
        )
        .thenMatches([{ type: 'ApplicationSubmitted', data: { windowOverride: { by: 'chair-1', role: 'chair', reason: 'referred by the chair' } } }]));

    it('rejects an override in someone else’s name', () =>
      program
        .given(Scenario.lrrt().events)
        .when(
          c(
            'SubmitApplication',
            { applicationId: 'a1', personId: 'p1', input: lrrtMentee(), windowOverride: { by: 'chair-1', role: 'chair', reason: 'r' } },
            { occurredAt: AT.afterWindow, actor: 'public' },
          ),
        )
        .thenThrows(ForbiddenError));
  });

  describe('screening', () => {
    it('VRT: a mentor who is not a VRT member is ineligible, naming the rule (seed 000)', () =>
      program
        .given(Scenario.vrt().submit('m1', vrtMentor({ membership: false })).events)
        .when(c('ScreenApplication', { applicationId: 'm1' }))
        .then([
          {
            type: 'ApplicationScreened',
            data: {
              applicationId: 'm1',
              outcome: 'ineligible',
              rule: 'mentor-vrt-member',
              reason: 'Mentors must be VRT members; join the Video Round Table, then amend the application',
              tier: null,
              screenedBy: 'chair-1',
            },
          },
        ]));

    it('VRT: a new librarian is eligible in tier 1', () =>
      program
        .given(Scenario.vrt().admit('m1', vrtMentor()).submit('n1', vrtMentee('early-career')).events)
        .when(c('ScreenApplication', { applicationId: 'n1' }))
        .thenMatches([{ type: 'ApplicationScreened', data: { outcome: 'eligible', tier: 1 } }]));

    it('VRT: a student screened when no mentor place remains goes to the waitlist (seed 000: "if... enough Mentors")', () =>
      program
        .given(Scenario.vrt().admit('m1', vrtMentor()).admit('n1', vrtMentee('early-career')).submit('s1', vrtMentee('student')).events)
        .when(c('ScreenApplication', { applicationId: 's1' }))
        .thenMatches([
          { type: 'ApplicationScreened', data: { outcome: 'eligible', tier: 2 } },
          { type: 'ApplicationWaitlisted', data: { applicationId: 's1' } },
        ]));

    it('LRRT: a mentor without research experience is ineligible (seed 002: "mentors experienced in... research")', () =>
      program
        .given(Scenario.lrrt().submit('m1', lrrtMentor({ answers: { ...lrrtMentor().answers, 'research-experience': 'some' } })).events)
        .when(c('ScreenApplication', { applicationId: 'm1' }))
        .thenMatches([{ data: { outcome: 'ineligible', rule: 'mentor-experienced-researcher' } }]));

    it('the committee may turn an application down with a reason', () =>
      program
        .given(Scenario.lrrt().submit('a1', lrrtMentee()).events)
        .when(c('ScreenApplication', { applicationId: 'a1', turnDown: { reason: 'duplicate of a paper application' } }))
        .thenMatches([{ data: { outcome: 'ineligible', rule: 'committee-decision', reason: 'duplicate of a paper application' } }]));

    it('rejects screening twice', () =>
      program
        .given(Scenario.lrrt().admit('a1', lrrtMentee()).events)
        .when(c('ScreenApplication', { applicationId: 'a1' }))
        .thenThrows(IllegalStateError));

    it('rejects an unknown application', () =>
      program
        .given(Scenario.lrrt().events)
        .when(c('ScreenApplication', { applicationId: 'x' }))
        .thenThrows(NotFoundError));
  });

  describe('amending', () => {
    it('changes readable answers and asks for a new screening when screened facts change', () =>
      program
        .given(Scenario.vrt().admit('m1', vrtMentor({ membership: false })).events)
        .when(c('AmendApplication', { applicationId: 'm1', changes: { membership: true } }, { actor: 'public' }))
        .then([{ type: 'ApplicationAmended', data: { applicationId: 'm1', membership: true, personalChanged: [], rescreen: true, amendedBy: 'public' } }]));

    it('keeps changed personal fields in the personal part', () =>
      program
        .given(Scenario.lrrt().submit('a1', lrrtMentee()).events)
        .when(c('AmendApplication', { applicationId: 'a1', changes: { email: 'noor@new.example.edu' } }))
        .then([
          {
            type: 'ApplicationAmended',
            data: { applicationId: 'a1', personalChanged: ['email'], rescreen: false, amendedBy: 'chair-1' },
            personal: { personId: 'person-a1', fields: { email: 'noor@new.example.edu' } },
          },
        ]));

    it('rejects lowering a mentor capacity below the pairs already proposed', () => {
      const s = Scenario.vrt()
        .admit('m1', vrtMentor({ mentorCapacity: 2 }))
        .admit('n1', vrtMentee('early-career'))
        .admit('n2', vrtMentee('early-career'));
      s.propose('p1', 'm1', 'n1').propose('p2', 'm1', 'n2');
      program
        .given(s.events)
        .when(c('AmendApplication', { applicationId: 'm1', changes: { mentorCapacity: 1 } }))
        .thenThrows(IllegalStateError, /already has 2 mentee/, 'mentor-capacity');
    });

    it('rejects an amendment that changes nothing', () =>
      program
        .given(Scenario.lrrt().submit('a1', lrrtMentee()).events)
        .when(c('AmendApplication', { applicationId: 'a1', changes: { answers: { methodologies: ['survey'] } } }))
        .thenThrows(IllegalStateError, /changes nothing/));

    it('rejects invalid answers', () =>
      program
        .given(Scenario.lrrt().submit('a1', lrrtMentee()).events)
        .when(c('AmendApplication', { applicationId: 'a1', changes: { answers: { support: [] } } }))
        .thenThrows(ValidationError, /"Support wanted \(mentees\) or offered \(mentors\)" needs an answer/));
  });

  describe('withdrawing', () => {
    it('releases a pending pair and ends a confirmed one: no pair keeps a withdrawn counterpart', () => {
      const s = Scenario.lrrt()
        .admit('m1', lrrtMentor({ mentorCapacity: 2 }))
        .admit('a1', lrrtMentee())
        .admit('a2', lrrtMentee({ email: 'b@x.org' }));
      s.propose('p1', 'm1', 'a1').propose('p2', 'm1', 'a2').confirm('p2');
      program
        .given(s.events)
        .when(c('WithdrawApplication', { applicationId: 'm1', reason: 'new job' }))
        .then([
          { type: 'ApplicationWithdrawn', data: { applicationId: 'm1', reason: 'new job', withdrawnBy: 'chair-1' } },
          { type: 'PairDeclined', data: { pairId: 'p1', party: 'mentor', reason: 'the mentor withdrew: new job', recordedBy: 'chair-1' } },
          { type: 'PairEnded', data: { pairId: 'p2', reason: 'the mentor withdrew: new job', endedBy: 'chair-1' } },
        ]);
    });

    it('rejects withdrawing twice', () => {
      const s = Scenario.lrrt().submit('a1', lrrtMentee());
      s.run('WithdrawApplication', { applicationId: 'a1', reason: 'r' });
      program
        .given(s.events)
        .when(c('WithdrawApplication', { applicationId: 'a1', reason: 'r' }))
        .thenThrows(IllegalStateError);
    });
  });

  describe('the waitlist', () => {
    const full = () => Scenario.vrt().admit('m1', vrtMentor()).admit('n1', vrtMentee('early-career')).admit('s1', vrtMentee('student'));

    it('refuses to promote while no place is free', () =>
      program
        .given(full().events)
        .when(c('PromoteApplication', { applicationId: 's1', reason: 'r' }))
        .thenThrows(IllegalStateError, /no mentor place is free/, 'waitlist-room'));

    it('promotes when a place frees', () => {
      const s = full().admit('m2', vrtMentor({ email: 'm2@x.org' }));
      program
        .given(s.events)
        .when(c('PromoteApplication', { applicationId: 's1', reason: 'a new mentor' }))
        .then([{ type: 'ApplicationPromoted', data: { applicationId: 's1', reason: 'a new mentor', promotedBy: 'chair-1' } }]);
    });

    it('waitlists an eligible mentee by hand with a reason', () =>
      program
        .given(Scenario.lrrt().admit('m1', lrrtMentor()).admit('a1', lrrtMentee()).events)
        .when(c('WaitlistApplication', { applicationId: 'a1', reason: 'next cohort' }))
        .then([{ type: 'ApplicationWaitlisted', data: { applicationId: 'a1', reason: 'next cohort', waitlistedBy: 'chair-1' } }]));

    it('never waitlists mentors', () =>
      program
        .given(Scenario.lrrt().admit('m1', lrrtMentor()).events)
        .when(c('WaitlistApplication', { applicationId: 'm1', reason: 'r' }))
        .thenThrows(IllegalStateError));

    it('LRRT: a mentee screened while no mentor place exists is waitlisted; a promotion is suggested once (suggest policy)', () => {
      const s = Scenario.lrrt().admit('a1', lrrtMentee());
      expect(s.program.applications.a1?.status).toBe('waitlisted');
      s.admit('m1', lrrtMentor());
      const events = program
        .given(s.events)
        .when(c('SuggestPromotion', { applicationId: 'a1', reason: 'free' }))
        .thenMatches([{ type: 'WaitlistPromotionSuggested' }]);
      expect(events).toHaveLength(1);
      program
        .given([...s.events, ...events])
        .when(c('SuggestPromotion', { applicationId: 'a1', reason: 'free' }))
        .thenNothing();
    });
  });
});
