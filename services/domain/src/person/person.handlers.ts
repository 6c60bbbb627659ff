import { type CommandResult, type DomainDeps, handleCommand, loadStream } from '../core/command-handler';
import { type Person, type PersonCommand, personDecider, personStreamId } from './person.decider';

/** Person commands load with decryption: "nothing changed" compares the current contact details. */
export const handlePersonCommand = (deps: DomainDeps, command: PersonCommand): Promise<CommandResult<Person>> =>
  handleCommand(deps, { streamId: personStreamId(command.metadata.tenant, command.data.personId), decider: personDecider, command, decryptOnLoad: true });

export const loadPerson = async (deps: DomainDeps, tenant: string, personId: string): Promise<Person> =>
  (await loadStream(deps, personStreamId(tenant, personId), personDecider, { decrypt: true })).state;
