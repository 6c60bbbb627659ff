import type { WindowOverride } from '../application/application.events';
import type { CommandMetadata } from '../core/command';
import { type CommandResult, type DomainDeps, type ExtraAppend, handleCommand, loadStream, toDomainEvents } from '../core/command-handler';
import { foldStream } from '../core/decider';
import { ConflictError, ForbiddenError, IllegalStateError } from '../core/errors';
import { followUp } from '../core/metadata';
import { personStreamId } from '../person/person.decider';
import { isCommittee, type RoundTable } from '../roundtable/roundtable.decider';
import { loadRoundTable } from '../roundtable/roundtable.handlers';
import { loadTemplate } from '../template/template.handlers';
import type { ApplicationInput } from '../template/template.rules';
import { computeMatchRun } from './match-run';
import { pairStreamEffects, programDecider, programStreamId } from './program.decider';
import type { Conference, ProgramCommand, ProgramEvent } from './program.events';
import type { Program, ProgramState } from './program.state';

/** Any program-stream command: the cycle, applications, matching decisions (and the pair streams they start). */
export const handleProgramCommand = (
  deps: DomainDeps,
  programId: string,
  command: ProgramCommand,
  more?: (state: ProgramState) => Promise<ExtraAppend[]>,
): Promise<CommandResult<ProgramState>> =>
  handleCommand(deps, {
    streamId: programStreamId(command.metadata.tenant, programId),
    decider: programDecider,
    command,
    correlationKey: programId,
    alsoAppend: async (decided, state, cmd) => [...pairStreamEffects(decided, state, cmd), ...(more ? await more(state) : [])],
  });

export const loadProgram = async (deps: DomainDeps, tenant: string, programId: string): Promise<ProgramState> =>
  (await loadStream(deps, programStreamId(tenant, programId), programDecider)).state;

/**
 * The program as drafted, from its first event alone: its title and template never change after
 * it. For reads that need only those (the public application form, documents), which would
 * otherwise fold every application of the program for each request.
 */
export const loadProgramAsDrafted = async (deps: DomainDeps, tenant: string, programId: string): Promise<ProgramState> => {
  const first = await deps.store.readStream(programStreamId(tenant, programId), { limit: 1 });
  return foldStream(programDecider, (await toDomainEvents(first, null)) as ProgramEvent[]);
};

const requireRoundTable = (rt: RoundTable, tenant: string) => {
  if (rt.status !== 'registered') throw new IllegalStateError(`round table "${tenant}" is not registered; register it before running programs`);
};

/** Drafts a program pinned to a template version (the latest unless one is named). */
export const draftProgram = async (
  deps: DomainDeps,
  input: { programId: string; title: string; templateId: string; templateVersion?: number; conference?: Conference | null },
  metadata: CommandMetadata,
): Promise<CommandResult<ProgramState>> => {
  requireRoundTable(await loadRoundTable(deps, metadata.tenant), metadata.tenant);
  const template = await loadTemplate(deps, metadata.tenant, input.templateId, input.templateVersion);
  return handleProgramCommand(deps, input.programId, {
    type: 'DraftProgram',
    data: { programId: input.programId, title: input.title, template, conference: input.conference ?? null },
    metadata,
  });
};

/**
 * Submits an application. The applicant's person stream starts in the same transaction when the
 * person is new. A window override is accepted only from a committee member of this round table.
 */
export const submitApplication = async (
  deps: DomainDeps,
  input: { programId: string; applicationId: string; personId: string; application: ApplicationInput; windowOverride?: { reason: string } | null },
  metadata: CommandMetadata,
): Promise<CommandResult<ProgramState>> => {
  let windowOverride: WindowOverride | null = null;
  if (input.windowOverride) {
    const rt = await loadRoundTable(deps, metadata.tenant);
    if (rt.status !== 'registered' || !isCommittee(rt, metadata.actor)) {
      throw new ForbiddenError('only a committee member can let an application in outside the window', 'application-window');
    }
    windowOverride = { by: metadata.actor, role: rt.committee[metadata.actor]!.role, reason: input.windowOverride.reason };
  }
  const { personId, application } = input;
  return handleProgramCommand(
    deps,
    input.programId,
    { type: 'SubmitApplication', data: { applicationId: input.applicationId, personId, input: application, windowOverride }, metadata },
    async () => {
      const stream = personStreamId(metadata.tenant, personId);
      if ((await deps.store.streamRevision(stream)) !== null) return [];
      return [
        {
          streamId: stream,
          expectedRevision: 'no_stream',
          events: [
            {
              type: 'PersonRegistered',
              data: { personId },
              personal: {
                personId,
                fields: { name: application.name.trim(), email: application.email.trim(), affiliation: application.affiliation?.trim() || null },
              },
            },
          ],
        },
      ];
    },
  );
};

/**
 * A match run: record the request, call the matching engine on the program's pool (outside any
 * decider), record the proposals. If the pool changed meanwhile, the decider refuses the stale
 * result and the run is computed again (bounded).
 */
export const runMatchRun = async (
  deps: DomainDeps,
  input: { programId: string; runId: string; objective?: 'coverage' | 'score' },
  metadata: CommandMetadata,
): Promise<CommandResult<ProgramState>> => {
  await handleProgramCommand(deps, input.programId, {
    type: 'RequestMatchRun',
    data: { runId: input.runId, ...(input.objective ? { objective: input.objective } : {}) },
    metadata: followUp(metadata, 'request'),
  });
  for (let attempt = 1; ; attempt++) {
    const state = (await loadProgram(deps, metadata.tenant, input.programId)) as Program;
    const run = state.runs[input.runId];
    const outcome = computeMatchRun(state, run?.objective ?? null);
    try {
      return await handleProgramCommand(deps, input.programId, {
        type: 'CompleteMatchRun',
        data: { runId: input.runId, ...outcome },
        metadata: followUp(metadata, 'complete'),
      });
    } catch (error) {
      if (!(error instanceof ConflictError && error.rule === 'stale-match-run') || attempt >= 3) throw error;
    }
  }
};
