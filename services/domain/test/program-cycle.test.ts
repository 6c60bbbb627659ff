import { describe, expect, it } from 'vitest';
import { ConflictError, IllegalStateError, NotFoundError, ValidationError } from '../src/core/errors';
import { programDecider } from '../src/program/program.decider';
import type { ProgramCommand } from '../src/program/program.events';
import { LRRT_TEMPLATE_ID, lrrtTemplate } from '../src/template/templates/lrrt.template';
import { VRT_TEMPLATE_ID, vrtTemplate } from '../src/template/templates/vrt.template';
import { spec } from './support/decider-spec';
import { AT, CONFERENCE, meta, pin, Scenario } from './support/program-scenario';

const program = spec(programDecider);
const c = (type: ProgramCommand['type'], data: unknown, over = {}) => ({ type, data, metadata: meta(over) }) as ProgramCommand;

describe('program cycle', () => {
  describe('when nothing is drafted', () => {
    it('drafts a program pinned to a template version, carrying the template itself', () => {
      const [event] = program
        .given([])
        .when(c('DraftProgram', { programId: 'lrrt-2026', title: 'LRRT 2026', template: pin(LRRT_TEMPLATE_ID, lrrtTemplate, 3) }))
        .thenMatches([{ type: 'ProgramDrafted', data: { programId: 'lrrt-2026', templateId: LRRT_TEMPLATE_ID, templateVersion: 3, conference: null } }]);
      expect((event!.data as { template: unknown }).template).toEqual(lrrtTemplate);
    });

    it('VRT needs the conference its pairs are matched before', () =>
      program
        .given([])
        .when(c('DraftProgram', { programId: 'vrt-2026', title: 'VRT 2026', template: pin(VRT_TEMPLATE_ID, vrtTemplate) }))
        .thenThrows(ValidationError, /before a conference: give the conference name and dates/));

    it('rejects other commands with NOT_FOUND', () =>
      program
        .given([])
        .when(c('OpenApplicationWindow', { opensAt: AT.opens, closesAt: AT.closes }))
        .thenThrows(NotFoundError));
  });

  describe('when drafted', () => {
    const drafted = Scenario.vrt({ open: false }).events;

    it('opens the application window with its dates', () =>
      program
        .given(drafted)
        .when(c('OpenApplicationWindow', { opensAt: AT.opens, closesAt: AT.closes }))
        .then([{ type: 'ApplicationWindowOpened', data: { opensAt: AT.opens, closesAt: AT.closes, openedBy: 'chair-1' } }]));

    it('VRT: the window must close early enough to match before the conference (seed 000: "match... well before ALA")', () =>
      program
        .given(drafted)
        .when(c('OpenApplicationWindow', { opensAt: AT.opens, closesAt: '2026-06-01T00:00:00Z' }))
        .thenThrows(ValidationError, /close the window by 2026-05-26, 30 days before ALA Annual 2026/));

    it('rejects a window that closes before it opens', () =>
      program
        .given(drafted)
        .when(c('OpenApplicationWindow', { opensAt: AT.closes, closesAt: AT.opens }))
        .thenThrows(ValidationError, /close after it opens/));

    it('rejects drafting again', () =>
      program
        .given(drafted)
        .when(c('DraftProgram', { programId: 'vrt-2026', title: 'again', template: pin(VRT_TEMPLATE_ID, vrtTemplate), conference: CONFERENCE }))
        .thenThrows(ConflictError));

    it('cannot start before the window opened', () =>
      program
        .given(drafted)
        .when(c('StartProgram', { startsOn: '2026-05-01' }))
        .thenThrows(IllegalStateError));
  });

  describe('when the window is open', () => {
    const open = Scenario.lrrt().events;

    it('closes early, recording when', () =>
      program
        .given(open)
        .when(c('CloseApplicationWindow', {}, { occurredAt: '2026-04-01T00:00:00.000Z' }))
        .then([{ type: 'ApplicationWindowClosed', data: { closedAt: '2026-04-01T00:00:00.000Z', closedBy: 'chair-1', early: true } }]));

    it('LRRT: starting derives four quarterly check-ins and a year-long cohort (seed 002)', () =>
      program
        .given(open)
        .when(c('StartProgram', { startsOn: '2026-09-01' }, { occurredAt: '2026-08-20T00:00:00.000Z' }))
        .then([
          { type: 'ApplicationWindowClosed', data: { closedAt: '2026-08-20T00:00:00.000Z', closedBy: 'chair-1', early: true } },
          {
            type: 'ProgramStarted',
            data: {
              startsOn: '2026-09-01',
              endsOn: '2027-09-01',
              checkInSchedule: [
                { index: 0, dueOn: '2026-12-01' },
                { index: 1, dueOn: '2027-03-01' },
                { index: 2, dueOn: '2027-06-01' },
                { index: 3, dueOn: '2027-09-01' },
              ],
              startedBy: 'chair-1',
            },
          },
        ]));

    it('VRT: starting schedules nothing (pairs meet as agreed) and runs until the conference ends', () =>
      program
        .given(Scenario.vrt().events)
        .when(c('StartProgram', { startsOn: '2026-05-15' }, { occurredAt: AT.afterWindow }))
        .thenMatches([{ type: 'ApplicationWindowClosed' }, { type: 'ProgramStarted', data: { endsOn: '2026-06-30', checkInSchedule: [] } }]));

    it('cannot complete before it started', () => program.given(open).when(c('CompleteProgram', {})).thenThrows(IllegalStateError));
  });

  describe('when started', () => {
    const s = Scenario.lrrt();
    s.run('StartProgram', { startsOn: '2026-09-01' }, { occurredAt: '2026-08-20T00:00:00.000Z' });

    it('completes once its end date is reached', () =>
      program
        .given(s.events)
        .when(c('CompleteProgram', {}, { occurredAt: '2027-09-02T00:00:00.000Z' }))
        .then([{ type: 'ProgramCompleted', data: { completedOn: '2027-09-02', pairsConfirmed: 0, completedBy: 'chair-1' } }]));

    it('does not complete before its end date', () =>
      program
        .given(s.events)
        .when(c('CompleteProgram', {}, { occurredAt: '2027-01-01T00:00:00.000Z' }))
        .thenThrows(IllegalStateError, /runs until 2027-09-01/));

    it('cannot start twice', () =>
      program
        .given(s.events)
        .when(c('StartProgram', { startsOn: '2026-10-01' }))
        .thenThrows(IllegalStateError));
  });
});
