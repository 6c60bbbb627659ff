import type { DomainDeps } from '../../src/core/command-handler';
import { commandMetadata } from '../../src/core/metadata';
import { draftProgram, handleProgramCommand, submitApplication } from '../../src/program/program.handlers';
import { handleRoundTableCommand } from '../../src/roundtable/roundtable.handlers';
import { handleTemplateCommand } from '../../src/template/template.handlers';
import type { ApplicationInput } from '../../src/template/template.rules';
import type { TemplateDefinition } from '../../src/template/template.types';
import { AT, CONFERENCE } from './program-scenario';

let n = 0;
export const m = (tenant: string, over: { actor?: string; at?: string; key?: string } = {}) =>
  commandMetadata({ tenant, actor: over.actor ?? 'u-chair', at: over.at ?? AT.inWindow, key: over.key ?? `k-${Date.now()}-${++n}` });

/** A registered round table with a chair, a template and a program whose window is open. */
export const setUpProgram = async (deps: DomainDeps, tenant: string, definition: TemplateDefinition, programId = 'p1') => {
  await handleRoundTableCommand(deps, {
    type: 'RegisterRoundTable',
    data: {
      abbreviation: tenant.toUpperCase(),
      name: `Round table ${tenant}`,
      contact: { personId: 'p-chair', name: 'Chris Chair', email: 'chair@example.org' },
    },
    metadata: m(tenant, { at: AT.draft }),
  });
  await handleRoundTableCommand(deps, {
    type: 'AppointCommitteeMember',
    data: { userId: 'u-chair', role: 'chair', person: { personId: 'p-chair', name: 'Chris Chair', email: 'chair@example.org' } },
    metadata: m(tenant, { at: AT.draft }),
  });
  await handleTemplateCommand(deps, { type: 'DefineTemplate', data: { templateId: 'tpl', definition }, metadata: m(tenant, { at: AT.draft }) });
  await draftProgram(deps, { programId, title: `${tenant} program`, templateId: 'tpl', conference: CONFERENCE }, m(tenant, { at: AT.draft }));
  return handleProgramCommand(deps, programId, {
    type: 'OpenApplicationWindow',
    data: { opensAt: AT.opens, closesAt: AT.closes },
    metadata: m(tenant, { at: AT.draft }),
  });
};

export const apply = (deps: DomainDeps, tenant: string, applicationId: string, application: ApplicationInput, programId = 'p1') =>
  submitApplication(deps, { programId, applicationId, personId: `person-${applicationId}`, application }, m(tenant, { actor: 'public' }));

export const admit = async (deps: DomainDeps, tenant: string, applicationId: string, application: ApplicationInput, programId = 'p1') => {
  await apply(deps, tenant, applicationId, application, programId);
  return handleProgramCommand(deps, programId, { type: 'ScreenApplication', data: { applicationId }, metadata: m(tenant) });
};

export const programCommand = (
  deps: DomainDeps,
  tenant: string,
  type: string,
  data: unknown,
  over: { actor?: string; at?: string; key?: string } = {},
  programId = 'p1',
) => handleProgramCommand(deps, programId, { type, data, metadata: m(tenant, over) } as never);
