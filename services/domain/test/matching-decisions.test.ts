import { describe, expect, it } from 'vitest';
import { ConflictError, IllegalStateError, NotFoundError, ValidationError } from '../src/core/errors';
import { programDecider } from '../src/program/program.decider';
import type { ProgramCommand } from '../src/program/program.events';
import { spec } from './support/decider-spec';
import { lrrtMentee, lrrtMentor, meta, Scenario, vrtMentee, vrtMentor } from './support/program-scenario';

const program = spec(programDecider);
const c = (type: ProgramCommand['type'], data: unknown, over = {}) => ({ type, data, metadata: meta(over) }) as ProgramCommand;
const propose = (pairId: string, mentor: string, mentee: string) => c('ProposePair', { pairId, mentorApplicationId: mentor, menteeApplicationId: mentee });

/** VRT pool: mentor m1 (1 place), new librarian n1, student s1 (waitlisted until a place frees). */
const vrtPool = () => Scenario.vrt().admit('m1', vrtMentor()).admit('n1', vrtMentee('early-career'));

describe('matching decisions', () => {
  describe('proposing a pair', () => {
    it('records who proposed it, with both parties', () =>
      program
        .given(vrtPool().events)
        .when(propose('p1', 'm1', 'n1'))
        .then([
          {
            type: 'PairProposed',
            data: {
              pairId: 'p1',
              mentorApplicationId: 'm1',
              menteeApplicationId: 'n1',
              mentorPersonId: 'person-m1',
              menteePersonId: 'person-n1',
              proposedBy: 'chair-1',
              runId: null,
              score: null,
            },
          },
        ]));

    it('invariant: a mentor never exceeds capacity over pending and confirmed pairs', () => {
      // m2 keeps a place open, so n2 is in the pool rather than on the waitlist.
      const s = vrtPool()
        .admit('m2', vrtMentor({ email: 'm2@x.org' }))
        .admit('n2', vrtMentee('early-career', { email: 'n2@x.org' }))
        .propose('p1', 'm1', 'n1');
      program
        .given(s.events)
        .when(propose('p2', 'm1', 'n2'))
        .thenThrows(IllegalStateError, /mentor capacity is 1 and the place is taken/, 'mentor-capacity');
      s.confirm('p1');
      program
        .given(s.events)
        .when(propose('p2', 'm1', 'n2'))
        .thenThrows(IllegalStateError, /mentor capacity is 1/, 'mentor-capacity');
    });

    it('a declined proposal frees the place', () => {
      const s = vrtPool()
        .admit('m2', vrtMentor({ email: 'm2@x.org' }))
        .admit('n2', vrtMentee('early-career', { email: 'n2@x.org' }))
        .propose('p1', 'm1', 'n1');
      s.run('DeclinePair', { pairId: 'p1', party: 'mentee', reason: 'found a mentor elsewhere' });
      program
        .given(s.events)
        .when(propose('p2', 'm1', 'n2'))
        .thenMatches([{ type: 'PairProposed' }]);
    });

    it('invariant: no pair across programs or tenants — an application of another program is NOT_FOUND', () =>
      program
        .given(vrtPool().events)
        .when(propose('p1', 'm1', 'application-of-lrrt'))
        .thenThrows(NotFoundError, /never cross programs or round tables/));

    it('invariant: no pair with a withdrawn counterpart', () => {
      const s = vrtPool();
      s.run('WithdrawApplication', { applicationId: 'n1', reason: 'changed jobs' });
      program
        .given(s.events)
        .when(propose('p1', 'm1', 'n1'))
        .thenThrows(IllegalStateError, /withdrew/, 'withdrawn-counterpart');
    });

    it('invariant: no pair with an ineligible counterpart (VRT: every mentor is a member)', () => {
      const s = vrtPool().admit('m2', vrtMentor({ membership: false, email: 'm2@x.org' }));
      program
        .given(s.events)
        .when(propose('p1', 'm2', 'n1'))
        .thenThrows(IllegalStateError, /Mentors must be VRT members/, 'ineligible-counterpart');
    });

    it('invariant: no pair the committee forbade (conflict of interest)', () => {
      const s = vrtPool();
      s.run('ForbidPair', { mentorApplicationId: 'm1', menteeApplicationId: 'n1', reason: 'same department' });
      program
        .given(s.events)
        .when(propose('p1', 'm1', 'n1'))
        .thenThrows(IllegalStateError, /forbade this pair \(same department\)/, 'forbidden-pair');
    });

    it('rejects an application not screened yet', () => {
      const s = vrtPool().submit('n2', vrtMentee('early-career', { email: 'n2@x.org' }));
      program
        .given(s.events)
        .when(propose('p1', 'm1', 'n2'))
        .thenThrows(IllegalStateError, /not screened yet/, 'not-screened');
    });

    it('rejects a mentee who already has a mentor', () => {
      const s = vrtPool()
        .admit('m2', vrtMentor({ email: 'm2@x.org' }))
        .propose('p1', 'm1', 'n1');
      program
        .given(s.events)
        .when(propose('p2', 'm2', 'n1'))
        .thenThrows(IllegalStateError, /already has a mentor/, 'one-mentor');
    });

    it('rejects roles the wrong way round', () =>
      program
        .given(vrtPool().events)
        .when(propose('p1', 'n1', 'm1'))
        .thenThrows(ValidationError));

    it('rejects a reused pair id', () => {
      const s = vrtPool()
        .admit('m2', vrtMentor({ email: 'm2@x.org' }))
        .admit('n2', vrtMentee('early-career', { email: 'n2@x.org' }))
        .propose('p1', 'm1', 'n1');
      program
        .given(s.events)
        .when(propose('p1', 'm2', 'n2'))
        .thenThrows(ConflictError);
    });

    it('rejects pairing in a draft program', () =>
      program
        .given(Scenario.vrt({ open: false }).events)
        .when(propose('p1', 'm1', 'n1'))
        .thenThrows(IllegalStateError, /still a draft/));
  });

  describe('VRT priority tiers (seed 000: "match Mentors with new librarians first")', () => {
    it('invariant: a student is never proposed while a new librarian with an available mentor is unmatched', () => {
      const s = Scenario.vrt()
        .admit('m1', vrtMentor({ mentorCapacity: 2 }))
        .admit('n1', vrtMentee('early-career'))
        .admit('s1', vrtMentee('student', { email: 's1@x.org' }));
      program
        .given(s.events)
        .when(propose('p1', 'm1', 's1'))
        .thenThrows(IllegalStateError, /new librarians are matched first/, 'priority-tiers');
    });

    it('proposes the student once every new librarian with an available mentor is matched', () => {
      const s = Scenario.vrt()
        .admit('m1', vrtMentor({ mentorCapacity: 2 }))
        .admit('n1', vrtMentee('early-career'))
        .admit('s1', vrtMentee('student', { email: 's1@x.org' }))
        .propose('p1', 'm1', 'n1');
      program
        .given(s.events)
        .when(propose('p2', 'm1', 's1'))
        .thenMatches([{ type: 'PairProposed', data: { menteeApplicationId: 's1' } }]);
    });

    it('a new librarian whose only mentor is forbidden does not hold students back', () => {
      const s = Scenario.vrt()
        .admit('m1', vrtMentor({ mentorCapacity: 2 }))
        .admit('n1', vrtMentee('early-career'))
        .admit('s1', vrtMentee('student', { email: 's1@x.org' }));
      s.run('ForbidPair', { mentorApplicationId: 'm1', menteeApplicationId: 'n1', reason: 'supervisor' });
      program
        .given(s.events)
        .when(propose('p1', 'm1', 's1'))
        .thenMatches([{ type: 'PairProposed' }]);
    });

    it('LRRT has no tiers: pairs are made by the committee in any order', () => {
      const s = Scenario.lrrt()
        .admit('m1', lrrtMentor())
        .admit('a1', lrrtMentee({ careerStage: 'mid-career' }))
        .admit('a2', lrrtMentee({ careerStage: 'student', email: 'a2@x.org' }));
      program
        .given(s.events)
        .when(propose('p1', 'm1', 'a1'))
        .thenMatches([{ type: 'PairProposed' }]);
    });
  });

  describe('fixing, forbidding and swapping', () => {
    it('fixes a pair, which holds a place like a proposal', () => {
      const s = vrtPool()
        .admit('m2', vrtMentor({ email: 'm2@x.org' }))
        .admit('n2', vrtMentee('early-career', { email: 'n2@x.org' }));
      const fixed = program
        .given(s.events)
        .when(c('FixPair', { pairId: 'p1', mentorApplicationId: 'm1', menteeApplicationId: 'n1', reason: 'asked for each other' }))
        .thenMatches([{ type: 'PairFixed', data: { pairId: 'p1', fixedBy: 'chair-1', reason: 'asked for each other' } }]);
      program
        .given([...s.events, ...(fixed as never[])])
        .when(propose('p2', 'm1', 'n2'))
        .thenThrows(IllegalStateError, undefined, 'mentor-capacity');
    });

    it('forbids a pair with a reason', () =>
      program
        .given(vrtPool().events)
        .when(c('ForbidPair', { mentorApplicationId: 'm1', menteeApplicationId: 'n1', reason: 'supervisor' }))
        .then([{ type: 'PairForbidden', data: { mentorApplicationId: 'm1', menteeApplicationId: 'n1', reason: 'supervisor', forbiddenBy: 'chair-1' } }]));

    it('rejects forbidding a pair that is already proposed', () =>
      program
        .given(vrtPool().propose('p1', 'm1', 'n1').events)
        .when(c('ForbidPair', { mentorApplicationId: 'm1', menteeApplicationId: 'n1', reason: 'x' }))
        .thenThrows(IllegalStateError, /decline or end that pair first/));

    const two = () =>
      vrtPool()
        .admit('m2', vrtMentor({ email: 'm2@x.org' }))
        .admit('n2', vrtMentee('early-career', { email: 'n2@x.org' }))
        .propose('p1', 'm1', 'n1')
        .propose('p2', 'm2', 'n2');

    it('swaps the mentors of two proposals', () =>
      program
        .given(two().events)
        .when(c('SwapProposals', { firstPairId: 'p1', secondPairId: 'p2' }))
        .thenMatches([
          {
            type: 'ProposalsSwapped',
            data: {
              first: { pairId: 'p1', mentorApplicationId: 'm2', menteeApplicationId: 'n1' },
              second: { pairId: 'p2', mentorApplicationId: 'm1', menteeApplicationId: 'n2' },
            },
          },
        ]));

    it('rejects a swap into a forbidden pair', () => {
      const s = vrtPool()
        .admit('m2', vrtMentor({ email: 'm2@x.org' }))
        .admit('n2', vrtMentee('early-career', { email: 'n2@x.org' }));
      s.run('ForbidPair', { mentorApplicationId: 'm2', menteeApplicationId: 'n1', reason: 'co-authors' });
      s.propose('p1', 'm1', 'n1').propose('p2', 'm2', 'n2');
      program
        .given(s.events)
        .when(c('SwapProposals', { firstPairId: 'p1', secondPairId: 'p2' }))
        .thenThrows(IllegalStateError, undefined, 'forbidden-pair');
    });

    it('rejects swapping a confirmed pair', () => {
      const s = two().confirm('p1');
      program
        .given(s.events)
        .when(c('SwapProposals', { firstPairId: 'p1', secondPairId: 'p2' }))
        .thenThrows(IllegalStateError, /only proposals/);
    });
  });

  describe('acceptance, confirmation and ending', () => {
    const proposed = () => vrtPool().propose('p1', 'm1', 'n1');

    it('records each party’s acceptance and who recorded it', () =>
      program
        .given(proposed().events)
        .when(c('AcceptPair', { pairId: 'p1', party: 'mentee' }, { actor: 'coordinator-2' }))
        .then([{ type: 'PairAcceptedBy', data: { pairId: 'p1', party: 'mentee', recordedBy: 'coordinator-2' } }]));

    it('rejects a second acceptance by the same party', () => {
      const s = proposed();
      s.run('AcceptPair', { pairId: 'p1', party: 'mentor' });
      program
        .given(s.events)
        .when(c('AcceptPair', { pairId: 'p1', party: 'mentor' }))
        .thenThrows(IllegalStateError);
    });

    it('confirms once both accepted', () => {
      const s = proposed();
      s.run('AcceptPair', { pairId: 'p1', party: 'mentor' });
      program
        .given(s.events)
        .when(c('ConfirmPair', { pairId: 'p1' }))
        .thenThrows(IllegalStateError, /waits for the mentee to accept/);
      s.run('AcceptPair', { pairId: 'p1', party: 'mentee' });
      program
        .given(s.events)
        .when(c('ConfirmPair', { pairId: 'p1' }))
        .thenMatches([{ type: 'PairConfirmed', data: { pairId: 'p1', confirmedBy: 'chair-1' } }]);
    });

    it('records a decline with its reason and who recorded it', () =>
      program
        .given(proposed().events)
        .when(c('DeclinePair', { pairId: 'p1', party: 'mentor', reason: 'no time this year' }))
        .then([{ type: 'PairDeclined', data: { pairId: 'p1', party: 'mentor', reason: 'no time this year', recordedBy: 'chair-1' } }]));

    it('ends a confirmed pair early with a reason, freeing the place', () => {
      const s = proposed().confirm('p1');
      program
        .given(s.events)
        .when(c('EndPair', { pairId: 'p1', reason: 'mentee left the profession' }))
        .then([{ type: 'PairEnded', data: { pairId: 'p1', reason: 'mentee left the profession', endedBy: 'chair-1' } }]);
      s.run('EndPair', { pairId: 'p1', reason: 'r' });
      expect(s.program.pairs.p1?.status).toBe('ended');
    });

    it('rejects ending a pair that is only proposed', () =>
      program
        .given(proposed().events)
        .when(c('EndPair', { pairId: 'p1', reason: 'r' }))
        .thenThrows(IllegalStateError, /decline a proposal instead/));

    it('rejects an unknown pair', () =>
      program
        .given(proposed().events)
        .when(c('ConfirmPair', { pairId: 'nope' }))
        .thenThrows(NotFoundError));
  });

  describe('match runs', () => {
    it('records a request, then refuses a result computed on another pool', () => {
      const s = vrtPool();
      s.run('RequestMatchRun', { runId: 'r1' });
      program
        .given(s.events)
        .when(
          c('CompleteMatchRun', {
            runId: 'r1',
            inputsDigest: 'stale',
            engineVersion: 'x',
            engineDigest: 'x',
            parameters: { objective: 'coverage', tiers: true, weights: {}, required: [], sameInstitutionForbidden: false, minScore: 1 },
            proposals: [],
            unmatched: [],
          }),
        )
        .thenThrows(ConflictError, /pool changed/, 'stale-match-run');
    });

    it('rejects requesting the same run twice', () => {
      const s = vrtPool();
      s.run('RequestMatchRun', { runId: 'r1' });
      program
        .given(s.events)
        .when(c('RequestMatchRun', { runId: 'r1' }))
        .thenThrows(ConflictError);
    });

    it('rejects adopting a run that has not completed', () => {
      const s = vrtPool();
      s.run('RequestMatchRun', { runId: 'r1' });
      program
        .given(s.events)
        .when(c('AdoptMatchRun', { runId: 'r1' }))
        .thenThrows(IllegalStateError, /not completed/);
    });
  });
});
