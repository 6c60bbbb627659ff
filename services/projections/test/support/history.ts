/**
 * Generated histories for the rebuild tests and the benchmark: round tables with programs whose
 * events have the shapes the domain writes (personal parts really encrypted), appended in large
 * atomic batches. Deterministic for a given seed, apart from the store's own timestamps.
 */
import { encryptPersonal, type KeyStore, lrrtTemplate, type TemplateDefinition, vrtTemplate } from '@tandem/domain';
import type { AppendRequest, EventStore, NewEvent } from '@tandem/eventstore';

export interface HistoryOptions {
  tenants: number;
  programsPerTenant: number;
  applicationsPerProgram: number;
  /** Stop after about this many events. */
  maxEvents?: number;
  /** Prefix of tenants and ids, so several histories can share a store. */
  prefix?: string;
  /** Called after every append with the events written so far. */
  onProgress?: (events: number) => void;
}

export interface HistorySummary {
  events: number;
  /** The checkpoint of the last event appended (on PostgreSQL `headCheckpoint` may still be behind it). */
  lastCheckpoint: string | null;
  programs: { tenant: string; programId: string }[];
}

const rand = (seed: number) => {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4_294_967_296;
  };
};

const choices = (t: TemplateDefinition, id: string | undefined): string[] => t.questions.find((q) => q.id === id)?.options?.map((o) => o.value) ?? [];

interface Pending {
  streamId: string;
  event: NewEvent;
}

export const generateHistory = async (store: EventStore, keyStore: KeyStore, options: HistoryOptions): Promise<HistorySummary> => {
  const prefix = options.prefix ?? 'gen';
  const random = rand(0x7a11de);
  const summary: HistorySummary = { events: 0, lastCheckpoint: null, programs: [] };
  let buffer: Pending[] = [];
  let clock = Date.parse('2025-01-06T09:00:00Z');

  const flush = async () => {
    if (buffer.length === 0) return;
    // One request per stream (a stream may appear once per appendMany), in order of first appearance.
    const byStream = new Map<string, AppendRequest>();
    for (const p of buffer) {
      const request = byStream.get(p.streamId);
      if (request) request.events.push(p.event);
      else byStream.set(p.streamId, { streamId: p.streamId, events: [p.event], expectedRevision: 'any' });
    }
    for (const result of (await store.appendMany([...byStream.values()])) ?? []) {
      if (summary.lastCheckpoint === null || result.checkpoint > summary.lastCheckpoint) summary.lastCheckpoint = result.checkpoint;
    }
    summary.events += buffer.length;
    buffer = [];
    options.onProgress?.(summary.events);
  };

  const full = () => options.maxEvents !== undefined && summary.events + buffer.length >= options.maxEvents;

  for (let t = 0; t < options.tenants && !full(); t++) {
    const tenant = `${prefix}${t}`;
    const template = t % 2 === 0 ? vrtTemplate : lrrtTemplate;
    const templateId = t % 2 === 0 ? 'vrt-mentorship' : 'lrrt-virtual-mentorship';
    const sources = template.matching.sources;
    const emit = async (
      streamId: string,
      type: string,
      data: unknown,
      programId: string | null,
      personal?: { personId: string; fields: Record<string, unknown> },
    ) => {
      clock += 1_000;
      const event: NewEvent = {
        type,
        data,
        metadata: {
          tenant,
          actor: 'generator',
          correlationId: `${type}-${summary.events + buffer.length}`,
          causationId: null,
          occurredAt: new Date(clock).toISOString(),
          schemaVersion: 1,
          ...(programId ? { correlationKey: programId } : {}),
        },
      };
      if (personal) event.personal = encryptPersonal(tenant, personal, await keyStore.keyFor(tenant, personal.personId));
      buffer.push({ streamId, event });
    };
    const chairId = `${tenant}-chair`;
    await emit(
      `${tenant}/roundtable-${tenant}`,
      'RoundTableRegistered',
      { tenant, abbreviation: tenant.toUpperCase(), name: `Round Table ${t}`, website: null, contactPersonId: chairId },
      null,
      { personId: chairId, fields: { name: `Chair ${t}`, email: `chair@${tenant}.example.org` } },
    );
    await emit(`${tenant}/template-${templateId}`, 'TemplateDefined', { templateId, version: 1, definition: template }, null);

    for (let k = 0; k < options.programsPerTenant && !full(); k++) {
      const programId = `${tenant}-program-${k}`;
      summary.programs.push({ tenant, programId });
      const prog = `${tenant}/program-${programId}`;
      const e = (type: string, data: unknown, personal?: { personId: string; fields: Record<string, unknown> }) => emit(prog, type, data, programId, personal);
      await e('ProgramDrafted', {
        programId,
        title: `Program ${k} of ${tenant}`,
        templateId,
        templateVersion: 1,
        template,
        conference: null,
        draftedBy: chairId,
      });
      await e('ApplicationWindowOpened', {
        opensAt: new Date(clock).toISOString(),
        closesAt: new Date(clock + 30 * 86_400_000).toISOString(),
        openedBy: chairId,
      });

      const mentors: string[] = [];
      const mentees: string[] = [];
      const personOf = new Map<string, string>();
      for (let i = 0; i < options.applicationsPerProgram; i++) {
        const role = i % 4 === 0 ? 'mentor' : 'mentee';
        const applicationId = `${programId}-a${i}`;
        const personId = `${programId}-p${i}`;
        personOf.set(applicationId, personId);
        (role === 'mentor' ? mentors : mentees).push(applicationId);
        const answers: Record<string, unknown> = {};
        for (const source of Object.values(sources)) {
          const id = source?.[role];
          const options = choices(template, id);
          if (id && options.length > 0)
            answers[id] = [options[Math.floor(random() * options.length)], options[Math.floor(random() * options.length)]].filter(
              (v, j, a) => a.indexOf(v) === j,
            );
        }
        // Some names outside ASCII, as real ones are: every copy of the data (replay states included) must keep them.
        const name = i % 13 === 5 ? `Zoë Ñúñez “${i}” 📚 of ${programId}` : `Person ${i} of ${programId}`;
        await e(
          'ApplicationSubmitted',
          {
            applicationId,
            programId,
            personId,
            role,
            careerStage: role === 'mentor' ? 'senior' : i % 3 === 0 ? 'student' : 'early-career',
            membership: true,
            mentorCapacity: role === 'mentor' ? 2 : null,
            answers,
            submittedAt: new Date(clock).toISOString(),
            windowOverride: null,
          },
          {
            personId,
            fields: { name, email: `p${i}@${tenant}.example.org`, affiliation: `Library ${i % 17}`, answers: { goals: `I am interested in topic ${i % 11}` } },
          },
        );
        await emit(`${tenant}/person-${personId}`, 'PersonRegistered', { personId }, programId, {
          personId,
          fields: { name, email: `p${i}@${tenant}.example.org`, affiliation: `Library ${i % 17}` },
        });
        if (buffer.length >= 2_000) await flush();
      }
      for (const applicationId of [...mentors, ...mentees]) {
        const eligible = random() > 0.08;
        await e('ApplicationScreened', {
          applicationId,
          outcome: eligible ? 'eligible' : 'ineligible',
          rule: eligible ? null : 'committee-decision',
          reason: eligible ? null : 'not a member',
          tier: mentees.includes(applicationId) && eligible ? 1 + Math.floor(random() * 2) : null,
          screenedBy: chairId,
        });
        if (!eligible) continue;
        const r = random();
        if (r < 0.03) await e('ApplicationWithdrawn', { applicationId, reason: 'no time this year', withdrawnBy: 'public' });
        else if (r < 0.08 && mentees.includes(applicationId)) {
          await e('ApplicationWaitlisted', { applicationId, reason: 'no mentor place left', waitlistedBy: chairId });
          if (random() < 0.5) await e('ApplicationPromoted', { applicationId, reason: 'a place freed up', promotedBy: chairId });
        }
        if (buffer.length >= 2_000) await flush();
      }
      await e('ApplicationWindowClosed', { closedAt: new Date(clock).toISOString(), closedBy: chairId, early: false });

      const proposals = mentees.slice(0, mentors.length * 2).map((menteeApplicationId, j) => ({
        menteeApplicationId,
        mentorApplicationId: mentors[Math.floor(j / 2)] as string,
        score: Math.round(random() * 1000) / 1000,
        fixed: false,
        factors: [{ factor: 'topics', weight: 60, applicable: true, score: 0.5, text: 'shares one topic' }],
        summary: 'shares one topic',
      }));
      // A large program is matched in several runs, so no run's event passes the 1 MiB limit.
      const RUN_SIZE = 2_000;
      const runOf = (j: number) => `${programId}-run${j >= RUN_SIZE ? `-${Math.floor(j / RUN_SIZE)}` : ''}`;
      for (let start = 0; start < Math.max(proposals.length, 1); start += RUN_SIZE) {
        const last = start + RUN_SIZE >= proposals.length;
        await e('MatchRunRequested', { runId: runOf(start), requestedBy: chairId, objective: 'coverage' });
        await e('MatchRunCompleted', {
          runId: runOf(start),
          inputsDigest: 'digest',
          engineVersion: '1',
          engineDigest: 'engine',
          parameters: { objective: 'coverage', tiers: true, weights: { topics: 60 }, required: [], sameInstitutionForbidden: false, minScore: 0 },
          proposals: proposals.slice(start, start + RUN_SIZE),
          unmatched: last
            ? mentees
                .slice(mentors.length * 2)
                .map((menteeApplicationId) => ({ menteeApplicationId, tier: 1, reasons: [], text: 'no mentor with a free place' }))
            : [],
        });
      }
      const confirmed: { pairId: string; mentor: string; mentee: string }[] = [];
      for (const [j, p] of proposals.entries()) {
        const pairId = `${programId}-pair${j}`;
        const parties = {
          pairId,
          mentorApplicationId: p.mentorApplicationId,
          menteeApplicationId: p.menteeApplicationId,
          mentorPersonId: personOf.get(p.mentorApplicationId) as string,
          menteePersonId: personOf.get(p.menteeApplicationId) as string,
        };
        if (j % 25 === 24) {
          await e('PairForbidden', {
            mentorApplicationId: p.mentorApplicationId,
            menteeApplicationId: p.menteeApplicationId,
            reason: 'same institution',
            forbiddenBy: chairId,
          });
          continue;
        }
        if (j % 20 === 19) await e('PairFixed', { ...parties, fixedBy: chairId, reason: 'asked for each other' });
        else await e('PairProposed', { ...parties, proposedBy: chairId, runId: runOf(j), score: p.score });
        await e('PairAcceptedBy', { pairId, party: 'mentor', recordedBy: chairId });
        if (random() < 0.1) {
          await e('PairDeclined', { pairId, party: 'mentee', reason: 'schedule', recordedBy: chairId });
          continue;
        }
        await e('PairAcceptedBy', { pairId, party: 'mentee', recordedBy: chairId });
        await e('PairConfirmed', { ...parties, confirmedBy: chairId });
        await emit(
          `${tenant}/pair-${pairId}`,
          'PairStarted',
          {
            ...parties,
            programId,
            templateId,
            templateVersion: 1,
            requirements: template.completion,
            recognition: template.recognition,
            checkIns: template.checkIns,
          },
          programId,
        );
        confirmed.push({ pairId, mentor: p.mentorApplicationId, mentee: p.menteeApplicationId });
        if (buffer.length >= 2_000) await flush();
      }
      const startsOn = new Date(clock).toISOString().slice(0, 10);
      await e('ProgramStarted', {
        startsOn,
        endsOn: startsOn,
        checkInSchedule: [0, 1, 2, 3].map((index) => ({ index, dueOn: new Date(clock + index * 91 * 86_400_000).toISOString().slice(0, 10) })),
        startedBy: chairId,
      });
      for (const [j, pair] of confirmed.entries()) {
        const ps = `${tenant}/pair-${pair.pairId}`;
        const pe = (type: string, data: unknown) => emit(ps, type, data, programId);
        for (let index = 0; index < 4; index++) {
          const checkInId = `checkin-${index + 1}`;
          await pe('CheckInScheduled', {
            checkInId,
            index,
            dueOn: new Date(clock + index * 91 * 86_400_000).toISOString().slice(0, 10),
            mode: 'virtual',
            label: `Quarter ${index + 1}`,
            scheduledBy: 'system',
          });
          if (random() < 0.8)
            await pe('CheckInHeld', {
              checkInId,
              heldOn: new Date(clock).toISOString().slice(0, 10),
              attendance: { mentor: true, mentee: random() < 0.9 },
              recordedBy: chairId,
            });
          else await pe('CheckInMissed', { checkInId, reason: 'illness', recordedBy: chairId });
        }
        if (random() < 0.3) {
          await pe('OutputRecorded', {
            outputId: `${pair.pairId}-out`,
            kind: random() < 0.5 ? 'publication' : 'presentation',
            title: `Findings ${j}`,
            venue: 'Library Quarterly',
            date: '2026-05-01',
            url: null,
            listedPublicly: random() < 0.8,
            recordedBy: chairId,
          });
        }
        if (j % 15 === 14) {
          await e('PairEnded', { pairId: pair.pairId, reason: 'moved away', endedBy: chairId });
          await pe('PairEnded', { pairId: pair.pairId, reason: 'moved away', endedBy: chairId });
          continue;
        }
        await pe('FinalPresentationDelivered', { deliveredOn: '2026-06-01', title: `Research in progress ${j}`, recordedBy: chairId });
        await pe('ParticipationCompleted', { completedOn: '2026-06-02', checkInsHeld: 3, finalPresentation: true, recordedBy: chairId });
        await pe('CertificateIssued', {
          certificateId: `${pair.pairId}-cert`,
          menteePersonId: personOf.get(pair.mentee),
          issuedOn: '2026-06-03',
          issuedBy: chairId,
        });
        await pe('AppreciationLetterIssued', {
          letterId: `${pair.pairId}-letter`,
          mentorPersonId: personOf.get(pair.mentor),
          issuedOn: '2026-06-03',
          issuedBy: chairId,
        });
        if (buffer.length >= 2_000) await flush();
      }
      await e('ProgramCompleted', { completedOn: '2026-06-30', pairsConfirmed: confirmed.length, completedBy: chairId });
      await flush();
    }
  }
  await flush();
  return summary;
};
