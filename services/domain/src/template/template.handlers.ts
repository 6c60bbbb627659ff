import { type CommandResult, type DomainDeps, handleCommand, loadStream } from '../core/command-handler';
import type { ProgramTemplate } from '../template/template.types';
import { type TemplateCommand, type TemplateState, templateDecider, templateStreamId, templateVersion } from './template.decider';

export const handleTemplateCommand = (deps: DomainDeps, command: TemplateCommand): Promise<CommandResult<TemplateState>> =>
  handleCommand(deps, { streamId: templateStreamId(command.metadata.tenant, command.data.templateId), decider: templateDecider, command });

/** A template version of this tenant (the latest when `version` is absent). */
export const loadTemplate = async (deps: DomainDeps, tenant: string, templateId: string, version?: number): Promise<ProgramTemplate> => {
  const { state } = await loadStream(deps, templateStreamId(tenant, templateId), templateDecider);
  return templateVersion(state, version);
};
