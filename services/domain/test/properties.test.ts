import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldStream } from '../src/core/decider';
import { DomainError } from '../src/core/errors';
import { applicationsOf, nextToPromote, placesLeftFor, tierRank } from '../src/program/capacity';
import { decideProgram, programDecider } from '../src/program/program.decider';
import type { ProgramCommand, ProgramEvent } from '../src/program/program.events';
import { evolveProgram, type Program, type ProgramState } from '../src/program/program.state';
import { meta, Scenario, vrtMentee, vrtMentor } from './support/program-scenario';

type Step =
  | { kind: 'screen'; i: number }
  | { kind: 'propose'; mentor: number; mentee: number }
  | { kind: 'fix'; mentor: number; mentee: number }
  | { kind: 'accept'; pair: number; party: 'mentor' | 'mentee' }
  | { kind: 'confirm'; pair: number }
  | { kind: 'decline'; pair: number }
  | { kind: 'end'; pair: number }
  | { kind: 'withdraw'; i: number }
  | { kind: 'forbid'; mentor: number; mentee: number }
  | { kind: 'promote'; mentee: number }
  | { kind: 'capacity'; mentor: number; capacity: number }
  | { kind: 'membership'; i: number; member: boolean }
  | { kind: 'swap'; a: number; b: number };

const MENTORS = 4;
const MENTEES = 7;
const idx = (n: number) => fc.integer({ min: 0, max: n - 1 });
const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const step: fc.Arbitrary<Step> = fc.oneof(
  w(1, fc.record({ kind: fc.constant('screen' as const), i: idx(MENTORS + MENTEES) })),
  w(6, fc.record({ kind: fc.constant('propose' as const), mentor: idx(MENTORS), mentee: idx(MENTEES) })),
  w(1, fc.record({ kind: fc.constant('fix' as const), mentor: idx(MENTORS), mentee: idx(MENTEES) })),
  w(6, fc.record({ kind: fc.constant('accept' as const), pair: idx(12), party: fc.constantFrom('mentor' as const, 'mentee' as const) })),
  w(4, fc.record({ kind: fc.constant('confirm' as const), pair: idx(12) })),
  w(2, fc.record({ kind: fc.constant('decline' as const), pair: idx(12) })),
  w(2, fc.record({ kind: fc.constant('end' as const), pair: idx(12) })),
  w(1, fc.record({ kind: fc.constant('withdraw' as const), i: idx(MENTORS + MENTEES) })),
  w(1, fc.record({ kind: fc.constant('forbid' as const), mentor: idx(MENTORS), mentee: idx(MENTEES) })),
  w(2, fc.record({ kind: fc.constant('promote' as const), mentee: idx(MENTEES) })),
  w(1, fc.record({ kind: fc.constant('capacity' as const), mentor: idx(MENTORS), capacity: fc.integer({ min: 1, max: 3 }) })),
  w(1, fc.record({ kind: fc.constant('membership' as const), i: idx(MENTORS + MENTEES), member: fc.boolean() })),
  w(1, fc.record({ kind: fc.constant('swap' as const), a: idx(12), b: idx(12) })),
);

/** Members four times out of five: most applicants pass screening, some do not. */
const mostly = fc.integer({ min: 0, max: 4 }).map((n) => n > 0);

const pool = fc.record({
  mentors: fc.array(fc.record({ capacity: fc.integer({ min: 1, max: 3 }), member: mostly }), { minLength: MENTORS, maxLength: MENTORS }),
  mentees: fc.array(fc.record({ stage: fc.constantFrom('early-career' as const, 'student' as const), member: mostly }), {
    minLength: MENTEES,
    maxLength: MENTEES,
  }),
});

/** Every application is screened once up front, in a random order (mentees before mentors land on the waitlist). */
const screeningOrder = fc.shuffledSubarray(
  Array.from({ length: MENTORS + MENTEES }, (_, i) => i),
  { minLength: MENTORS + MENTEES, maxLength: MENTORS + MENTEES },
);

const mentorId = (i: number) => `m${i}`;
const menteeId = (i: number) => `e${i}`;
const appId = (i: number) => (i < MENTORS ? mentorId(i) : menteeId(i - MENTORS));

const toCommand = (s: Step, n: number): { type: ProgramCommand['type']; data: unknown } => {
  switch (s.kind) {
    case 'screen':
      return { type: 'ScreenApplication', data: { applicationId: appId(s.i) } };
    case 'propose':
      return {
        type: 'ProposePair',
        data: { pairId: `pp-${s.mentor}-${s.mentee}-${n}`, mentorApplicationId: mentorId(s.mentor), menteeApplicationId: menteeId(s.mentee) },
      };
    case 'fix':
      return {
        type: 'FixPair',
        data: { pairId: `pf-${s.mentor}-${s.mentee}-${n}`, mentorApplicationId: mentorId(s.mentor), menteeApplicationId: menteeId(s.mentee), reason: 'asked' },
      };
    case 'accept':
      return { type: 'AcceptPair', data: { pairId: `#${s.pair}`, party: s.party } };
    case 'confirm':
      return { type: 'ConfirmPair', data: { pairId: `#${s.pair}` } };
    case 'decline':
      return { type: 'DeclinePair', data: { pairId: `#${s.pair}`, party: 'committee', reason: 'r' } };
    case 'end':
      return { type: 'EndPair', data: { pairId: `#${s.pair}`, reason: 'r' } };
    case 'withdraw':
      return { type: 'WithdrawApplication', data: { applicationId: appId(s.i), reason: 'r' } };
    case 'forbid':
      return { type: 'ForbidPair', data: { mentorApplicationId: mentorId(s.mentor), menteeApplicationId: menteeId(s.mentee), reason: 'coi' } };
    case 'promote':
      return { type: 'PromoteApplication', data: { applicationId: menteeId(s.mentee), reason: 'r' } };
    case 'capacity':
      return { type: 'AmendApplication', data: { applicationId: mentorId(s.mentor), changes: { mentorCapacity: s.capacity } } };
    case 'membership':
      return { type: 'AmendApplication', data: { applicationId: appId(s.i), changes: { membership: s.member } } };
    case 'swap':
      return { type: 'SwapProposals', data: { firstPairId: `#${s.a}`, secondPairId: `#${s.b}` } };
  }
};

const active = (p: Program) => Object.values(p.pairs).filter((x) => x.status === 'proposed' || x.status === 'confirmed');

/** The invariants, written independently of the decider's helpers. */
const checkInvariants = (p: Program) => {
  const pairs = active(p);
  for (const mentor of Object.values(p.applications).filter((a) => a.role === 'mentor')) {
    expect(pairs.filter((x) => x.mentorApplicationId === mentor.applicationId).length).toBeLessThanOrEqual(mentor.capacity);
  }
  const mentees = pairs.map((x) => x.menteeApplicationId);
  expect(new Set(mentees).size).toBe(mentees.length);
  for (const pair of pairs) {
    const mentor = p.applications[pair.mentorApplicationId]!;
    const mentee = p.applications[pair.menteeApplicationId]!;
    expect(mentor.status).toBe('eligible');
    expect(mentee.status).toBe('eligible');
    expect(mentor.membership).toBe(true); // VRT: every mentor is a member
    expect(p.forbidden[`${mentor.applicationId}|${mentee.applicationId}`]).toBeUndefined();
  }
};

/** VRT tiers, checked on the state before each new pending pair. */
const checkTierRule = (before: Program, event: ProgramEvent) => {
  if (event.type !== 'PairProposed' && event.type !== 'PairFixed') return;
  const mentee = before.applications[event.data.menteeApplicationId]!;
  if (mentee.tier !== 2) return;
  const pairs = active(before);
  const free = (mentorApp: string) => {
    const m = before.applications[mentorApp]!;
    return m.status === 'eligible' && pairs.filter((x) => x.mentorApplicationId === mentorApp).length < m.capacity;
  };
  const blocked = Object.values(before.applications).some(
    (a) =>
      a.role === 'mentee' &&
      a.tier === 1 &&
      (a.status === 'eligible' || a.status === 'waitlisted') &&
      !pairs.some((x) => x.menteeApplicationId === a.applicationId) &&
      Object.values(before.applications).some(
        (m) => m.role === 'mentor' && free(m.applicationId) && !before.forbidden[`${m.applicationId}|${a.applicationId}`],
      ),
  );
  expect(blocked, `student ${mentee.applicationId} proposed while a new librarian could be matched`).toBe(false);
};

/** The promotion rule as written: the first waitlisted mentee, by tier then application, with a place left. */
const checkPromotion = (p: Program) => {
  const defined =
    applicationsOf(p, 'mentee')
      .filter((a) => a.status === 'waitlisted')
      .sort((a, b) => tierRank(a.tier) - tierRank(b.tier) || a.seq - b.seq)
      .find((a) => placesLeftFor(p, a) > 0) ?? null;
  expect(nextToPromote(p)?.applicationId ?? null).toBe(defined?.applicationId ?? null);
};

const stats = { decided: 0, pairs: 0, confirmed: 0 };

describe('properties over random command sequences (VRT template)', () => {
  it('capacity, counterparts, forbidden pairs, membership and tiers hold after every step; replay, in place or not, equals live state', () => {
    fc.assert(
      fc.property(pool, screeningOrder, fc.array(step, { minLength: 40, maxLength: 80 }), (p, order, later) => {
        const steps: Step[] = [...order.map((i) => ({ kind: 'screen' as const, i })), ...later];
        const s = Scenario.vrt();
        for (const [i, x] of p.mentors.entries()) s.submit(mentorId(i), vrtMentor({ mentorCapacity: x.capacity, membership: x.member, email: `m${i}@x.org` }));
        for (const [i, x] of p.mentees.entries()) s.submit(menteeId(i), vrtMentee(x.stage, { membership: x.member, email: `e${i}@x.org` }));
        let state: ProgramState = s.state;
        const events: ProgramEvent[] = [...s.events];
        /** Every state a step started from, and a copy taken before the step: evolve must leave it as it was. */
        const seen: { state: ProgramState; copy: ProgramState }[] = [];
        for (const [n, st] of steps.entries()) {
          const { type, data } = toCommand(st, n);
          const program = state as Program;
          const pairIds = Object.values(program.pairs)
            .filter((x) => x.status === 'proposed' || x.status === 'confirmed')
            .map((x) => x.pairId);
          const resolved = JSON.parse(JSON.stringify(data), (_k, v) =>
            typeof v === 'string' && v.startsWith('#') ? (pairIds[Number(v.slice(1)) % Math.max(1, pairIds.length)] ?? 'none') : v,
          );
          let decided: ProgramEvent[];
          try {
            decided = decideProgram({ type, data: resolved, metadata: meta() } as ProgramCommand, state);
          } catch (error) {
            if (error instanceof DomainError) continue;
            throw error;
          }
          for (const e of decided) {
            checkTierRule(state as Program, e);
            const before = state;
            seen.push({ state: before, copy: structuredClone(before) });
            state = evolveProgram(state, e);
          }
          events.push(...decided);
          stats.decided += decided.length;
          stats.pairs += decided.filter((e) => e.type === 'PairProposed' || e.type === 'PairFixed').length;
          stats.confirmed += decided.filter((e) => e.type === 'PairConfirmed').length;
          checkInvariants(state as Program);
          checkPromotion(state as Program);
        }
        expect(events.reduce(evolveProgram, { status: 'none' } as ProgramState)).toEqual(state);
        expect(foldStream(programDecider, events)).toEqual(state);
        for (const { state: earlier, copy } of seen) expect(earlier).toEqual(copy);
      }),
      { numRuns: 300 },
    );
    // The sequences must reach the interesting states, not only bounce off rejections.
    expect(stats.pairs).toBeGreaterThan(500);
    expect(stats.confirmed).toBeGreaterThan(50);
  });

  it('whatever the order of proposals, a mentor never holds more pairs than places', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(idx(MENTEES), { minLength: 1, maxLength: 20 }), (capacity, order) => {
        const s = Scenario.vrt()
          .admit('m0', vrtMentor({ mentorCapacity: capacity }))
          .admit('m-spare', vrtMentor({ mentorCapacity: 3, email: 'spare@x.org' }));
        for (let i = 0; i < MENTEES; i++) s.admit(menteeId(i), vrtMentee('early-career', { email: `e${i}@x.org` }));
        let accepted = 0;
        for (const [n, i] of order.entries()) {
          try {
            s.propose(`p${n}`, 'm0', menteeId(i));
            accepted++;
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
        }
        expect(accepted).toBeLessThanOrEqual(capacity);
        expect(active(s.program).filter((x) => x.mentorApplicationId === 'm0').length).toBe(accepted);
      }),
      { numRuns: 200 },
    );
  });
});
