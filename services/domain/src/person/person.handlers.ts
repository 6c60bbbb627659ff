import { type CommandResult, type DomainDeps, handleCommand, loadStream } from '../core/command-handler';
import { NotFoundError } from '../core/errors';
import { type Person, type PersonCommand, personDecider, personStreamId } from './person.decider';

/** Person commands load with decryption: "nothing changed" compares the current contact details. */
export const handlePersonCommand = (deps: DomainDeps, command: PersonCommand): Promise<CommandResult<Person>> =>
  handleCommand(deps, { streamId: personStreamId(command.metadata.tenant, command.data.personId), decider: personDecider, command, decryptOnLoad: true });

export const loadPerson = async (deps: DomainDeps, tenant: string, personId: string): Promise<Person> =>
  (await loadStream(deps, personStreamId(tenant, personId), personDecider, { decrypt: true })).state;

/**
 * Erases a person's personal data (crypto-shredding): records `PersonalDataErased` on their
 * stream, then deletes their key and overwrites it on disk (`KeyStore.purge`). Every personal
 * part encrypted with that key — in applications, committees, check-in notes — then reads as
 * erased, while the events, counts and the hash chain stay as they were. The event comes first:
 * if deleting the key fails, running the command again finishes the job.
 */
export const erasePerson = async (deps: DomainDeps, command: Extract<PersonCommand, { type: 'ErasePersonalData' }>): Promise<CommandResult<Person>> => {
  const { tenant, occurredAt } = command.metadata;
  const { personId } = command.data;
  const current = await loadPerson(deps, tenant, personId);
  if (current.status === 'unknown' && !(await deps.keyStore.findKey(tenant, personId))) {
    throw new NotFoundError(`round table "${tenant}" holds no personal data of person ${personId}`);
  }
  let result: CommandResult<Person> | null = null;
  try {
    result = await handlePersonCommand(deps, command);
  } finally {
    // Also when the person was already erased: a retry after a failed key deletion completes it.
    if (result || (await loadPerson(deps, tenant, personId)).status === 'erased') {
      await deps.keyStore.erase(tenant, personId, occurredAt);
      await deps.keyStore.purge();
    }
  }
  return result;
};
