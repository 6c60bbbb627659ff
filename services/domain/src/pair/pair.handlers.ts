import { type CommandResult, type DomainDeps, handleCommand, loadStream } from '../core/command-handler';
import { type PairState, pairDecider } from './pair.decider';
import { type PairCommand, pairStreamId } from './pair.events';

export const handlePairCommand = (deps: DomainDeps, command: PairCommand): Promise<CommandResult<PairState>> =>
  handleCommand(deps, {
    streamId: pairStreamId(command.metadata.tenant, command.data.pairId),
    decider: pairDecider,
    command,
    correlationKey: (state) => (state.status === 'none' ? null : state.programId),
  });

export const loadPair = async (deps: DomainDeps, tenant: string, pairId: string): Promise<PairState> =>
  (await loadStream(deps, pairStreamId(tenant, pairId), pairDecider)).state;
