import { type CommandResult, type DomainDeps, handleCommand, loadStream } from '../core/command-handler';
import { type RoundTable, type RoundTableCommand, roundTableDecider, roundTableStreamId } from './roundtable.decider';

export const handleRoundTableCommand = (deps: DomainDeps, command: RoundTableCommand): Promise<CommandResult<RoundTable>> =>
  handleCommand(deps, { streamId: roundTableStreamId(command.metadata.tenant), decider: roundTableDecider, command });

export const loadRoundTable = async (deps: DomainDeps, tenant: string): Promise<RoundTable> =>
  (await loadStream(deps, roundTableStreamId(tenant), roundTableDecider)).state;
