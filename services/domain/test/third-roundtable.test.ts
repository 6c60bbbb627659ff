import { beforeAll, expect, it } from 'vitest';
import type { DomainDeps } from '../src/core/command-handler';
import { IllegalStateError } from '../src/core/errors';
import type { PairState } from '../src/pair/pair.decider';
import { pairStreamId } from '../src/pair/pair.events';
import { handlePairCommand, loadPair } from '../src/pair/pair.handlers';
import { loadProgram, runMatchRun } from '../src/program/program.handlers';
import type { Program } from '../src/program/program.state';
import { reactToProgramEvent, startWaitlistReactor } from '../src/program/waitlist.reactor';
import type { TemplateDefinition } from '../src/template/template.types';
import { lrrtTemplate } from '../src/template/templates/lrrt.template';
import { lrrtMentee, lrrtMentor } from './support/program-scenario';
import { describeOnBothStores, freshTenant } from './support/stores';
import { admit, m, programCommand, setUpProgram } from './support/world';

/**
 * A third round table with rules neither seed has: two mentees per mentor, monthly check-ins,
 * no tiers, completion after five check-ins without a presentation, automatic waitlist.
 */
const sustainabilityTemplate: TemplateDefinition = {
  name: 'SustainRT Peer Mentoring',
  summary: 'Six months of monthly conversations on sustainable library practice.',
  core: {
    careerStages: [
      { value: 'early-career', label: 'Early career' },
      { value: 'mid-career', label: 'Mid career' },
      { value: 'senior', label: 'Senior' },
    ],
    membershipLabel: 'I am a SustainRT member',
    affiliationRequired: true,
  },
  questions: [
    {
      id: 'focus',
      label: 'Focus areas',
      type: 'multiChoice',
      appliesTo: 'both',
      required: true,
      maxChoices: 3,
      options: [
        { value: 'green-buildings', label: 'Green buildings' },
        { value: 'climate-programming', label: 'Climate programming' },
        { value: 'seed-libraries', label: 'Seed libraries' },
        { value: 'policy', label: 'Sustainability policy' },
      ],
    },
    { id: 'years', label: 'Years in sustainability work', type: 'number', appliesTo: 'mentor', required: true, min: 0, max: 50 },
    { id: 'why', label: 'Why do you want to join?', type: 'longText', appliesTo: 'mentee', required: false, maxLength: 500 },
  ],
  eligibility: [
    {
      id: 'mentor-five-years',
      appliesTo: 'mentor',
      require: { field: 'answers.years', atLeast: 5 },
      message: 'Mentors bring at least five years of sustainability work',
    },
    { id: 'mentee-member', appliesTo: 'mentee', require: { field: 'membership', equals: true }, message: 'Mentees are SustainRT members' },
  ],
  tiers: [],
  capacity: { default: 2, max: 2 },
  matching: { objective: 'coverage', weights: { topics: 100 }, sources: { topics: { mentee: 'focus', mentor: 'focus' } } },
  checkIns: { kind: 'scheduled', everyMonths: 1, count: 6, mode: 'any' },
  timeline: { kind: 'cohort', months: 6 },
  completion: { checkInsHeld: 5, finalPresentation: false },
  recognition: { menteeCertificate: true, mentorLetter: true, publicOutputsList: false },
  waitlist: { policy: 'automatic', whenNoPlace: true },
};

const mentor = (email: string, years: number, focus: string[]) => ({
  role: 'mentor' as const,
  name: `Mentor ${email}`,
  email,
  affiliation: 'Green Library',
  careerStage: 'senior' as const,
  membership: true,
  answers: { focus, years },
});
const mentee = (email: string, focus: string[], membership = true) => ({
  role: 'mentee' as const,
  name: `Mentee ${email}`,
  email,
  affiliation: 'Town Library',
  careerStage: 'early-career' as const,
  membership,
  answers: { focus, why: 'I want to start a seed library.' },
});

describeOnBothStores('a third round table runs a full cycle', (ctx) => {
  let deps: DomainDeps;
  beforeAll(async () => {
    deps = await ctx.open();
  });

  it('two mentees per mentor, monthly check-ins, no tiers: applications to certificates and letters', async () => {
    const t = freshTenant('sus');
    await setUpProgram(deps, t, sustainabilityTemplate);
    await admit(deps, t, 'm1', mentor('m1@x.org', 12, ['green-buildings', 'policy']));
    await admit(deps, t, 'm2', mentor('m2@x.org', 8, ['seed-libraries', 'climate-programming']));
    const junior = await admit(deps, t, 'm3', mentor('m3@x.org', 2, ['policy']));
    expect(junior.events[0]?.data).toMatchObject({ outcome: 'ineligible', rule: 'mentor-five-years' });
    for (const [id, focus] of [
      ['e1', ['green-buildings']],
      ['e2', ['policy']],
      ['e3', ['seed-libraries']],
      ['e4', ['climate-programming']],
    ] as const)
      await admit(deps, t, id, mentee(`${id}@x.org`, [...focus]));
    const fifth = await admit(deps, t, 'e5', mentee('e5@x.org', ['seed-libraries']));
    expect(fifth.events.map((e) => e.type)).toEqual(['ApplicationScreened', 'ApplicationWaitlisted']);

    await runMatchRun(deps, { programId: 'p1', runId: 'run-1' }, m(t));
    const adopted = await programCommand(deps, t, 'AdoptMatchRun', { runId: 'run-1' });
    const proposals = adopted.events.map((e) => e.data as { pairId: string; mentorApplicationId: string; menteeApplicationId: string });
    expect(proposals.map((p) => `${p.menteeApplicationId}->${p.mentorApplicationId}`).sort()).toEqual(['e1->m1', 'e2->m1', 'e3->m2', 'e4->m2']);

    // e4 withdraws (which releases its proposal); the reactor promotes e5 automatically, and the committee pairs e5 with m2.
    const declined = await programCommand(deps, t, 'WithdrawApplication', { applicationId: 'e4', reason: 'moved abroad' });
    expect(declined.events.map((e) => e.type)).toEqual(['ApplicationWithdrawn', 'PairDeclined']);
    const recorded = (await deps.store.readStream(`${t}/program-p1`)).find((e) => e.eventId === declined.events[0]?.eventId)!;
    const promoted = await reactToProgramEvent(deps, recorded);
    expect(promoted.flatMap((r) => r.events.map((e) => e.type))).toEqual(['ApplicationPromoted']);
    expect(promoted[0]?.events[0]?.data).toMatchObject({ applicationId: 'e5', promotedBy: 'system' });
    expect((await reactToProgramEvent(deps, recorded)).every((r) => r.duplicate || r.events.length === 0)).toBe(true);
    await programCommand(deps, t, 'ProposePair', { pairId: 'pair-e5', mentorApplicationId: 'm2', menteeApplicationId: 'e5' });

    const pairIds = [...proposals.filter((p) => p.menteeApplicationId !== 'e4').map((p) => p.pairId), 'pair-e5'];
    for (const pairId of pairIds) {
      await programCommand(deps, t, 'AcceptPair', { pairId, party: 'mentor' }, { actor: 'u-chair' });
      await programCommand(deps, t, 'AcceptPair', { pairId, party: 'mentee' }, { actor: 'u-chair' });
      await programCommand(deps, t, 'ConfirmPair', { pairId });
    }
    const started = await programCommand(deps, t, 'StartProgram', { startsOn: '2026-06-01' }, { at: '2026-05-20T00:00:00Z' });
    expect(started.events.filter((e) => e.type === 'CheckInScheduled')).toHaveLength(4 * 6);
    expect(started.events.find((e) => e.type === 'ProgramStarted')?.data).toMatchObject({ endsOn: '2026-12-01' });

    for (const pairId of pairIds) {
      const life = (await loadPair(deps, t, pairId)) as Exclude<PairState, { status: 'none' }>;
      expect(Object.values(life.checkIns).map((c) => c.dueOn)).toEqual(['2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01']);
      for (let i = 1; i <= 4; i++) {
        await handlePairCommand(deps, {
          type: 'RecordCheckInHeld',
          data: {
            pairId,
            checkInId: `checkin-${i}`,
            heldOn: `2026-${String(6 + i).padStart(2, '0')}-02`,
            attendance: { mentor: true, mentee: true },
            notes: 'Talked about energy audits.',
          },
          metadata: m(t),
        });
      }
      await handlePairCommand(deps, { type: 'RecordCheckInMissed', data: { pairId, checkInId: 'checkin-5', reason: 'holidays' }, metadata: m(t) });
      await expect(handlePairCommand(deps, { type: 'CompleteParticipation', data: { pairId }, metadata: m(t) })).rejects.toThrow(
        /5 check-ins held \(4 so far\)/,
      );
      await handlePairCommand(deps, {
        type: 'RecordCheckInHeld',
        data: { pairId, checkInId: 'checkin-6', heldOn: '2026-12-01', attendance: { mentor: true, mentee: true } },
        metadata: m(t),
      });
      await expect(
        handlePairCommand(deps, { type: 'IssueCertificate', data: { pairId, certificateId: `cert-${pairId}` }, metadata: m(t) }),
      ).rejects.toBeInstanceOf(IllegalStateError);
      await handlePairCommand(deps, { type: 'CompleteParticipation', data: { pairId }, metadata: m(t, { at: '2026-12-02T00:00:00Z' }) });
      await handlePairCommand(deps, { type: 'IssueCertificate', data: { pairId, certificateId: `cert-${pairId}` }, metadata: m(t) });
      await handlePairCommand(deps, { type: 'IssueAppreciationLetter', data: { pairId, letterId: `letter-${pairId}` }, metadata: m(t) });
      await expect(handlePairCommand(deps, { type: 'IssueCertificate', data: { pairId, certificateId: 'again' }, metadata: m(t) })).rejects.toThrow(
        /already issued/,
      );
    }
    const done = await programCommand(deps, t, 'CompleteProgram', {}, { at: '2026-12-03T00:00:00Z' });
    expect(done.events[0]?.data).toMatchObject({ pairsConfirmed: 4 });

    // Replay: folding the stored program stream gives back the decided state; pair streams carry the program id.
    expect(await loadProgram(deps, t, 'p1')).toEqual(done.state);
    const pairEvents = await deps.store.readStream(pairStreamId(t, pairIds[0]!));
    expect(pairEvents.every((e) => e.metadata.correlationKey === 'p1')).toBe(true);
    expect(pairEvents.map((e) => e.type).slice(-3)).toEqual(['ParticipationCompleted', 'CertificateIssued', 'AppreciationLetterIssued']);
  });

  it('the reactor follows the live log: a place freed by a withdrawal promotes the next waitlisted mentee (automatic policy)', async () => {
    const t = freshTenant('sus');
    await setUpProgram(deps, t, sustainabilityTemplate);
    await admit(deps, t, 'm1', mentor('m1@x.org', 12, ['policy']));
    await admit(deps, t, 'e1', mentee('e1@x.org', ['policy']));
    await admit(deps, t, 'e2', mentee('e2@x.org', ['policy']));
    await admit(deps, t, 'e3', mentee('e3@x.org', ['policy']));
    expect(((await loadProgram(deps, t, 'p1')) as Program).applications.e3?.status).toBe('waitlisted');
    const subscription = startWaitlistReactor(deps, { from: await deps.store.headCheckpoint(), tenant: t });
    await subscription.caughtUp;
    await programCommand(deps, t, 'WithdrawApplication', { applicationId: 'e1', reason: 'changed jobs' });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && ((await loadProgram(deps, t, 'p1')) as Program).applications.e3?.status !== 'eligible')
      await new Promise((r) => setTimeout(r, 25));
    await subscription.stop();
    expect(((await loadProgram(deps, t, 'p1')) as Program).applications.e3?.status).toBe('eligible');
  });

  it('LRRT suggests the promotion to the committee instead (suggest policy)', async () => {
    const t = freshTenant('lrrt');
    await setUpProgram(deps, t, lrrtTemplate);
    await admit(deps, t, 'a1', lrrtMentee());
    const mentorAdmitted = await admit(deps, t, 'm1', lrrtMentor());
    const recorded = (await deps.store.readStream(`${t}/program-p1`)).find((e) => e.eventId === mentorAdmitted.events[0]?.eventId)!;
    const results = await reactToProgramEvent(deps, recorded);
    expect(results.flatMap((r) => r.events.map((e) => e.type))).toEqual(['WaitlistPromotionSuggested']);
    expect(((await loadProgram(deps, t, 'p1')) as Program).applications.a1?.status).toBe('waitlisted');
  });
});
