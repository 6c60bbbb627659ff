import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DomainDeps, handleCommand } from '../src/core/command-handler';
import { ConflictError, ForbiddenError, IllegalStateError } from '../src/core/errors';
import { pairStreamId } from '../src/pair/pair.events';
import { personStreamId } from '../src/person/person.decider';
import { loadPerson } from '../src/person/person.handlers';
import { decryptPersonal, isEncryptedPersonal } from '../src/person/personal-data';
import { programDecider, programStreamId } from '../src/program/program.decider';
import { handleProgramCommand, loadProgram, submitApplication } from '../src/program/program.handlers';
import type { Program } from '../src/program/program.state';
import { lrrtTemplate } from '../src/template/templates/lrrt.template';
import { vrtTemplate } from '../src/template/templates/vrt.template';
import { AT, lrrtMentee, lrrtMentor, vrtMentee, vrtMentor } from './support/program-scenario';
import { describeOnBothStores, freshTenant } from './support/stores';
import { admit, apply, m, programCommand, setUpProgram } from './support/world';

describeOnBothStores('command handling', (ctx) => {
  let deps: DomainDeps;
  beforeAll(async () => {
    deps = await ctx.open();
  });

  describe('idempotency', () => {
    it('a retried request (same idempotency key) re-appends nothing and returns the same events', async () => {
      const tenant = freshTenant();
      await setUpProgram(deps, tenant, lrrtTemplate);
      const metadata = m(tenant, { actor: 'public', key: 'submit-once' });
      const input = { programId: 'p1', applicationId: 'a1', personId: 'person-a1', application: lrrtMentee() };
      const first = await submitApplication(deps, input, metadata);
      const again = await submitApplication(deps, input, metadata);
      expect(again.duplicate).toBe(true);
      expect(again.events.map((e) => e.eventId)).toEqual(first.events.filter((e) => e.streamId === programStreamId(tenant, 'p1')).map((e) => e.eventId));
      const stream = await deps.store.readStream(programStreamId(tenant, 'p1'));
      expect(stream.filter((e) => e.type === 'ApplicationSubmitted')).toHaveLength(1);
      expect(await deps.store.readStream(personStreamId(tenant, 'person-a1'))).toHaveLength(1);
      expect(again.checkpoint! >= first.checkpoint!).toBe(true);
    });

    it('the same request sent concurrently is stored once', async () => {
      const tenant = freshTenant();
      await setUpProgram(deps, tenant, lrrtTemplate);
      const metadata = m(tenant, { actor: 'public', key: 'submit-twice-at-once' });
      const input = { programId: 'p1', applicationId: 'a1', personId: 'person-a1', application: lrrtMentee() };
      const results = await Promise.all([
        submitApplication(deps, input, metadata),
        submitApplication(deps, input, metadata),
        submitApplication(deps, input, metadata),
      ]);
      expect(new Set(results.map((r) => r.events[0]?.eventId)).size).toBe(1);
      const stream = await deps.store.readStream(programStreamId(tenant, 'p1'));
      expect(stream.filter((e) => e.type === 'ApplicationSubmitted')).toHaveLength(1);
    });
  });

  describe('the consistency boundary: the program stream', () => {
    it('8 concurrent proposals for a capacity-1 mentor yield exactly one pair', async () => {
      const tenant = freshTenant();
      await setUpProgram(deps, tenant, vrtTemplate);
      // Eight mentors' worth of places keeps the eight new librarians in the pool (not on the waitlist).
      await admit(deps, tenant, 'm1', vrtMentor({ mentorCapacity: 1 }));
      await admit(deps, tenant, 'm2', vrtMentor({ mentorCapacity: 3, email: 'm2@x.org' }));
      await admit(deps, tenant, 'm3', vrtMentor({ mentorCapacity: 3, email: 'm3@x.org' }));
      await admit(deps, tenant, 'm4', vrtMentor({ mentorCapacity: 1, email: 'm4@x.org' }));
      for (let i = 1; i <= 8; i++) await admit(deps, tenant, `n${i}`, vrtMentee('early-career', { email: `n${i}@x.org` }));
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          programCommand(deps, tenant, 'ProposePair', { pairId: `pair-${i}`, mentorApplicationId: 'm1', menteeApplicationId: `n${i + 1}` }),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes.filter((o) => o.status === 'rejected')) {
        expect((o as PromiseRejectedResult).reason).toBeInstanceOf(IllegalStateError);
        expect(((o as PromiseRejectedResult).reason as IllegalStateError).rule).toBe('mentor-capacity');
      }
      const stream = await deps.store.readStream(programStreamId(tenant, 'p1'));
      expect(stream.filter((e) => e.type === 'PairProposed')).toHaveLength(1);
    });

    it('gives up after the bounded number of attempts with a CONFLICT error', async () => {
      const tenant = freshTenant();
      await setUpProgram(deps, tenant, lrrtTemplate);
      const impatient = { ...deps, maxAttempts: 1 };
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          submitApplication(
            impatient,
            { programId: 'p1', applicationId: `a${i}`, personId: `pa${i}`, application: lrrtMentee() },
            m(tenant, { actor: 'public' }),
          ),
        ),
      );
      const rejected = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
      expect(rejected.length).toBeGreaterThan(0);
      for (const r of rejected) expect(r.reason).toBeInstanceOf(ConflictError);
      // With retries, all six get in.
      const all = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          submitApplication(deps, { programId: 'p1', applicationId: `b${i}`, personId: `pb${i}`, application: lrrtMentee() }, m(tenant, { actor: 'public' })),
        ),
      );
      expect(all).toHaveLength(6);
    });
  });

  describe('window overrides', () => {
    it('only a committee member may let a late application in; the override is recorded', async () => {
      const tenant = freshTenant();
      await setUpProgram(deps, tenant, lrrtTemplate);
      const late = {
        programId: 'p1',
        applicationId: 'a1',
        personId: 'pa1',
        application: lrrtMentee(),
        windowOverride: { reason: 'referred at the symposium' },
      };
      await expect(submitApplication(deps, late, m(tenant, { actor: 'public', at: AT.afterWindow }))).rejects.toBeInstanceOf(ForbiddenError);
      const result = await submitApplication(deps, late, m(tenant, { actor: 'u-chair', at: AT.afterWindow }));
      expect(result.events[0]?.data).toMatchObject({ windowOverride: { by: 'u-chair', role: 'chair', reason: 'referred at the symposium' } });
    });
  });

  describe('personal data', () => {
    it('is stored encrypted apart from data; audit reads data without keys; erasing the key leaves the program intact', async () => {
      const tenant = freshTenant();
      await setUpProgram(deps, tenant, lrrtTemplate);
      await apply(deps, tenant, 'a1', lrrtMentee());
      const [submitted] = (await deps.store.readStream(programStreamId(tenant, 'p1'))).filter((e) => e.type === 'ApplicationSubmitted');
      expect(JSON.stringify(submitted?.data)).not.toMatch(/Noor|noor@|City College|my thesis/);
      expect(isEncryptedPersonal(submitted?.personal)).toBe(true);
      expect(JSON.stringify(submitted?.personal)).not.toMatch(/Noor|noor@/);
      expect(await decryptPersonal(submitted!, deps.keyStore)).toEqual({
        personId: 'person-a1',
        fields: {
          name: 'Noor Novice',
          email: 'noor@example.edu',
          affiliation: 'City College',
          answers: { project: 'Turning my thesis on first-year information literacy into an article.' },
        },
      });
      const person = await loadPerson(deps, tenant, 'person-a1');
      expect(person).toMatchObject({ status: 'registered', contact: { name: 'Noor Novice', email: 'noor@example.edu' } });

      await deps.keyStore.erase(tenant, 'person-a1', '2026-04-01T00:00:00Z');
      expect(await decryptPersonal(submitted!, deps.keyStore)).toEqual({ personId: 'person-a1', erased: true });
      const program = (await loadProgram(deps, tenant, 'p1')) as Program;
      expect(program.applications.a1).toMatchObject({ role: 'mentee', status: 'submitted' });
      await programCommand(deps, tenant, 'ScreenApplication', { applicationId: 'a1' });
    });

    it('keys of one tenant do not open another tenant’s ciphertext', async () => {
      const tenant = freshTenant();
      await setUpProgram(deps, tenant, lrrtTemplate);
      await apply(deps, tenant, 'a1', lrrtMentee());
      const [submitted] = (await deps.store.readStream(programStreamId(tenant, 'p1'))).filter((e) => e.type === 'ApplicationSubmitted');
      const moved = { ...submitted!, metadata: { ...submitted!.metadata, tenant: freshTenant() } };
      expect(await decryptPersonal(moved, deps.keyStore)).toEqual({ personId: 'person-a1', erased: true });
    });
  });

  describe('multi-stream commands and the correlation index', () => {
    it('confirming a pair starts its stream in the same append, with the derived check-ins; the program id indexes both', async () => {
      const tenant = freshTenant();
      await setUpProgram(deps, tenant, lrrtTemplate);
      await admit(deps, tenant, 'm1', lrrtMentor());
      await admit(deps, tenant, 'a1', lrrtMentee());
      await programCommand(deps, tenant, 'StartProgram', { startsOn: '2026-09-01' }, { at: '2026-08-20T00:00:00Z' });
      await programCommand(deps, tenant, 'ProposePair', { pairId: 'pair1', mentorApplicationId: 'm1', menteeApplicationId: 'a1' });
      await programCommand(deps, tenant, 'AcceptPair', { pairId: 'pair1', party: 'mentor' });
      await programCommand(deps, tenant, 'AcceptPair', { pairId: 'pair1', party: 'mentee' });
      const confirmed = await programCommand(deps, tenant, 'ConfirmPair', { pairId: 'pair1' });
      expect(confirmed.events.map((e) => `${e.streamId.split('/')[1]}:${e.type}`)).toEqual([
        'program-p1:PairConfirmed',
        'pair-pair1:PairStarted',
        'pair-pair1:CheckInScheduled',
        'pair-pair1:CheckInScheduled',
        'pair-pair1:CheckInScheduled',
        'pair-pair1:CheckInScheduled',
      ]);
      const pairEvents = await deps.store.readStream(pairStreamId(tenant, 'pair1'));
      expect(pairEvents.map((e) => (e.data as { dueOn?: string }).dueOn).filter(Boolean)).toEqual(['2026-12-01', '2027-03-01', '2027-06-01', '2027-09-01']);
      const history = await deps.store.readAll({ tenant, correlationKey: 'p1', limit: 1000 });
      expect(history.some((e) => e.streamId === pairStreamId(tenant, 'pair1'))).toBe(true);
      expect(history.every((e) => e.metadata.correlationKey === 'p1')).toBe(true);
    });

    it('a command for another tenant’s stream is FORBIDDEN', async () => {
      const tenant = freshTenant();
      await setUpProgram(deps, tenant, lrrtTemplate);
      const intruder = freshTenant();
      await expect(
        handleCommand(deps, {
          streamId: programStreamId(tenant, 'p1'),
          decider: programDecider,
          command: { type: 'CloseApplicationWindow', data: {}, metadata: m(intruder) },
        }),
      ).rejects.toBeInstanceOf(ForbiddenError);
      // Through the program handler the stream is always the command's own tenant's: the program does not exist there.
      await expect(handleProgramCommand(deps, 'p1', { type: 'CloseApplicationWindow', data: {}, metadata: m(intruder) })).rejects.toThrow(/no such program/);
    });
  });

  describe('replay', () => {
    it('folding the stored events gives back the state the commands decided', async () => {
      const tenant = freshTenant();
      await setUpProgram(deps, tenant, vrtTemplate);
      await admit(deps, tenant, 'm1', vrtMentor({ mentorCapacity: 2 }));
      await admit(deps, tenant, 'n1', vrtMentee('early-career'));
      await admit(deps, tenant, 's1', vrtMentee('student', { email: 's@x.org' }));
      await admit(deps, tenant, 's2', vrtMentee('student', { email: 's2@x.org' }));
      await programCommand(deps, tenant, 'ProposePair', { pairId: 'x1', mentorApplicationId: 'm1', menteeApplicationId: 'n1' });
      await programCommand(deps, tenant, 'ProposePair', { pairId: 'x2', mentorApplicationId: 'm1', menteeApplicationId: 's1' });
      await programCommand(deps, tenant, 'DeclinePair', { pairId: 'x2', party: 'mentee', reason: 'timing' });
      const last = await programCommand(deps, tenant, 'ForbidPair', { mentorApplicationId: 'm1', menteeApplicationId: 's1', reason: 'colleagues' });
      expect(await loadProgram(deps, tenant, 'p1')).toEqual(last.state);
    });
  });

  afterAll(() => undefined);
});
