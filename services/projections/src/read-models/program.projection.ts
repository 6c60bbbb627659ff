import { defineProjection } from '../core/projection';
import { defineTable } from '../core/table';
import { programIdOf } from './helpers';

export const programTable = defineTable({
  name: 'program',
  columns: {
    tenant: 'text',
    programId: 'text',
    title: 'text',
    status: 'text',
    templateId: 'text',
    templateVersion: 'int',
    templateName: 'text',
    conference: 'json?',
    opensAt: 'text?',
    closesAt: 'text?',
    closedEarly: 'bool',
    startsOn: 'text?',
    endsOn: 'text?',
    checkInSchedule: 'json?',
    checkInPolicy: 'json?',
    recognition: 'json?',
    /** Which answers hold each side's topics, methods and support needs (the template's matching sources). */
    matchingSources: 'json?',
    capacityDefault: 'int',
    draftedAt: 'text',
    completedOn: 'text?',
    pairsConfirmedAtCompletion: 'int?',
    updatedAt: 'text',
  },
  key: ['tenant', 'programId'],
  indexes: [['tenant', 'status']],
  programScoped: true,
});

export const matchRunTable = defineTable({
  name: 'match_run',
  columns: {
    tenant: 'text',
    runId: 'text',
    programId: 'text',
    status: 'text',
    objective: 'text?',
    inputsDigest: 'text?',
    engineVersion: 'text?',
    parameters: 'json?',
    proposals: 'json?',
    unmatched: 'json?',
    requestedBy: 'text',
    requestedAt: 'text',
    completedAt: 'text?',
  },
  key: ['tenant', 'runId'],
  indexes: [['tenant', 'programId']],
  programScoped: true,
});

export const programProjection = defineProjection({
  name: 'program',
  tables: [programTable, matchRunTable],
  handlers: {
    ProgramDrafted: (e) => {
      const d = e.data;
      return [
        {
          table: programTable,
          op: 'upsert',
          key: { tenant: e.metadata.tenant, programId: d.programId },
          values: {
            title: d.title,
            status: 'drafted',
            templateId: d.templateId,
            templateVersion: d.templateVersion,
            templateName: d.template.name,
            conference: d.conference,
            checkInPolicy: d.template.checkIns,
            recognition: d.template.recognition,
            matchingSources: d.template.matching.sources,
            capacityDefault: d.template.capacity.default,
            draftedAt: e.metadata.occurredAt,
            updatedAt: e.metadata.occurredAt,
          },
        },
      ];
    },
    ApplicationWindowOpened: (e) => patch(e, { status: 'open', opensAt: e.data.opensAt, closesAt: e.data.closesAt }),
    ApplicationWindowClosed: (e) => patch(e, { status: 'closed', closesAt: e.data.closedAt, closedEarly: e.data.early }),
    ProgramStarted: (e) => patch(e, { status: 'started', startsOn: e.data.startsOn, endsOn: e.data.endsOn, checkInSchedule: e.data.checkInSchedule }),
    ProgramCompleted: (e) => patch(e, { status: 'completed', completedOn: e.data.completedOn, pairsConfirmedAtCompletion: e.data.pairsConfirmed }),
    MatchRunRequested: (e) => [
      {
        table: matchRunTable,
        op: 'upsert',
        key: { tenant: e.metadata.tenant, runId: e.data.runId },
        values: {
          programId: programIdOf(e) ?? '',
          status: 'requested',
          objective: e.data.objective,
          requestedBy: e.data.requestedBy,
          requestedAt: e.metadata.occurredAt,
        },
      },
    ],
    MatchRunCompleted: (e) => [
      {
        table: matchRunTable,
        op: 'patch',
        key: { tenant: e.metadata.tenant, runId: e.data.runId },
        values: {
          status: 'completed',
          objective: e.data.parameters.objective,
          inputsDigest: e.data.inputsDigest,
          engineVersion: e.data.engineVersion,
          parameters: e.data.parameters,
          proposals: e.data.proposals,
          unmatched: e.data.unmatched,
          completedAt: e.metadata.occurredAt,
        },
      },
    ],
    PairProposed: (e) =>
      e.data.runId ? [{ table: matchRunTable, op: 'patch', key: { tenant: e.metadata.tenant, runId: e.data.runId }, values: { status: 'adopted' } }] : [],
  },
});

function patch(e: { metadata: { tenant: string; occurredAt: string } } & Parameters<typeof programIdOf>[0], values: Record<string, unknown>) {
  const programId = programIdOf(e);
  if (!programId) return [];
  return [
    { table: programTable, op: 'patch' as const, key: { tenant: e.metadata.tenant, programId }, values: { ...values, updatedAt: e.metadata.occurredAt } },
  ];
}
