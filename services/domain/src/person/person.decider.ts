import type { Command } from '../core/command';
import type { Decider } from '../core/decider';
import { ConflictError, IllegalStateError, NotFoundError, ValidationError } from '../core/errors';
import type { Event } from '../core/event';

export interface Contact {
  name: string;
  email: string;
  affiliation: string | null;
}

/** Person events keep only ids in `data`; names, emails and affiliations are in the encrypted personal part. */
export type PersonEvent =
  | Event<'PersonRegistered', { personId: string }>
  | Event<'ContactDetailsChanged', { personId: string; changed: (keyof Contact)[] }>
  /** `reason` is kept in the log for good: it must not name the person. */
  | Event<'PersonalDataErased', { personId: string; requestedBy: string; reason: string }>;

export type PersonCommand =
  | Command<'RegisterPerson', { personId: string } & Contact>
  | Command<'ChangeContactDetails', { personId: string } & Partial<Contact>>
  /** Crypto-shredding: the handler deletes the person's key once the event is recorded. */
  | Command<
      'ErasePersonalData',
      {
        personId: string;
        reason: string;
        /** Names and emails the caller knows the person by (e.g. from the read models): the reason is checked against them too. Not stored. */
        knownAs?: (string | null)[];
      }
    >;

export type Person =
  | { status: 'unknown' }
  /** `contact` is present when the stream was loaded with decryption and the key exists. */
  | { status: 'registered'; personId: string; contact: Contact | null }
  | { status: 'erased'; personId: string };

export const personStreamId = (tenant: string, personId: string) => `${tenant}/person-${personId}`;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const contactIssues = (c: Partial<Contact>): string[] => {
  const issues: string[] = [];
  if (c.name !== undefined && !c.name.trim()) issues.push('the name cannot be empty');
  if (c.email !== undefined && !EMAIL.test(c.email)) issues.push(`"${c.email}" is not an email address`);
  return issues;
};

/** The reason for an erasure stays readable forever, so it says why without saying who. */
const erasureReasonIssues = (reason: string, knownAs: readonly (string | null | undefined)[]): string[] => {
  const text = reason.trim();
  if (text.length < 3) return ['give the reason for the erasure (e.g. "the person asked to be forgotten, ticket 1234")'];
  if (text.length > 500) return ['keep the reason under 500 characters'];
  const lower = text.toLowerCase();
  const named = knownAs.some((v) => !!v && v.trim().length > 2 && lower.includes(v.trim().toLowerCase()));
  return named ? ['the reason is kept in the log for good: do not write the person’s name or email in it'] : [];
};

export const decidePerson = (command: PersonCommand, state: Person): PersonEvent[] => {
  switch (command.type) {
    case 'RegisterPerson': {
      if (state.status !== 'unknown') throw new ConflictError(`person ${command.data.personId} is already registered`);
      const { personId, name, email, affiliation } = command.data;
      const issues = contactIssues({ name, email });
      if (issues.length > 0) throw new ValidationError(issues.join('; '), issues);
      return [
        {
          type: 'PersonRegistered',
          data: { personId },
          personal: { personId, fields: { name: name.trim(), email: email.trim(), affiliation: affiliation ?? null } },
        },
      ];
    }
    case 'ChangeContactDetails': {
      if (state.status === 'unknown') throw new NotFoundError(`person ${command.data.personId} is not registered`);
      if (state.status === 'erased') throw new IllegalStateError(`the personal data of person ${state.personId} was erased; register them again`);
      const { personId, ...change } = command.data;
      const issues = contactIssues(change);
      if (issues.length > 0) throw new ValidationError(issues.join('; '), issues);
      const changed = (Object.keys(change) as (keyof Contact)[]).filter((k) => change[k] !== undefined && (!state.contact || change[k] !== state.contact[k]));
      if (changed.length === 0) throw new IllegalStateError('the contact details are unchanged; give a new name, email or affiliation');
      return [
        { type: 'ContactDetailsChanged', data: { personId, changed }, personal: { personId, fields: Object.fromEntries(changed.map((k) => [k, change[k]])) } },
      ];
    }
    case 'ErasePersonalData': {
      const { personId, reason } = command.data;
      if (state.status === 'erased') throw new IllegalStateError(`the personal data of person ${personId} was already erased`, 'person-erased');
      const contact = state.status === 'registered' ? state.contact : null;
      const issues = erasureReasonIssues(reason, [contact?.name, contact?.email, ...(command.data.knownAs ?? [])]);
      if (issues.length > 0) throw new ValidationError(issues.join('; '), issues);
      return [{ type: 'PersonalDataErased', data: { personId, requestedBy: command.metadata.actor, reason: reason.trim() } }];
    }
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown command ${(_exhaustive as Command).type}`);
    }
  }
};

export const evolvePerson = (state: Person, event: PersonEvent): Person => {
  const fields = event.personal && 'fields' in event.personal ? (event.personal.fields as Partial<Contact>) : null;
  switch (event.type) {
    case 'PersonRegistered':
      return { status: 'registered', personId: event.data.personId, contact: fields ? (fields as Contact) : null };
    case 'ContactDetailsChanged':
      if (state.status !== 'registered') return state;
      return { ...state, contact: state.contact && fields ? { ...state.contact, ...fields } : null };
    case 'PersonalDataErased':
      return { status: 'erased', personId: event.data.personId };
    default:
      return state;
  }
};

export const personDecider: Decider<PersonCommand, Person, PersonEvent> = {
  initialState: () => ({ status: 'unknown' }),
  decide: decidePerson,
  evolve: evolvePerson,
};
