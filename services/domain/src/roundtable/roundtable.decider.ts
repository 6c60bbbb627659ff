import type { Command } from '../core/command';
import type { Decider } from '../core/decider';
import { ConflictError, IllegalStateError, NotFoundError, ValidationError } from '../core/errors';
import type { Event } from '../core/event';

/** A committee member's role in their round table's programs. */
export type CommitteeRole = 'chair' | 'coordinator' | 'member' | 'auditor';
export const COMMITTEE_ROLES: readonly CommitteeRole[] = ['chair', 'coordinator', 'member', 'auditor'];

/** The personal part of a contact: encrypted with the contact person's key. */
export interface ContactDetails {
  personId: string;
  name: string;
  email: string;
}

export type RoundTableEvent =
  | Event<'RoundTableRegistered', { tenant: string; abbreviation: string; name: string; website: string | null; contactPersonId: string }>
  | Event<'RoundTableProfileChanged', { name: string; website: string | null; contactPersonId: string }>
  | Event<'CommitteeMemberAppointed', { userId: string; personId: string; role: CommitteeRole; appointedBy: string }>
  | Event<'CommitteeMemberRemoved', { userId: string; reason: string; removedBy: string }>;

export type RoundTableCommand =
  | Command<'RegisterRoundTable', { abbreviation: string; name: string; website?: string | null; contact: ContactDetails }>
  | Command<'ChangeRoundTableProfile', { name?: string; website?: string | null; contact?: ContactDetails }>
  | Command<'AppointCommitteeMember', { userId: string; role: CommitteeRole; person: ContactDetails }>
  | Command<'RemoveCommitteeMember', { userId: string; reason: string }>;

export type RoundTable =
  | { status: 'unregistered' }
  | {
      status: 'registered';
      tenant: string;
      abbreviation: string;
      name: string;
      website: string | null;
      contactPersonId: string;
      committee: Record<string, { personId: string; role: CommitteeRole }>;
    };

export const roundTableStreamId = (tenant: string) => `${tenant}/roundtable-${tenant}`;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const checkContact = (c: ContactDetails, what: string) => {
  const issues: string[] = [];
  if (!c?.personId) issues.push(`${what} needs a person id`);
  if (!c?.name?.trim()) issues.push(`${what} needs a name`);
  if (!EMAIL.test(c?.email ?? '')) issues.push(`${what}'s email "${c?.email}" is not an email address`);
  if (issues.length > 0) throw new ValidationError(issues.join('; '), issues);
};

const contactPart = (c: ContactDetails) => ({ personId: c.personId, fields: { name: c.name.trim(), email: c.email.trim() } });

/** Is `userId` on the committee with one of `roles`? */
export const isCommittee = (rt: RoundTable, userId: string, roles: readonly CommitteeRole[] = ['chair', 'coordinator', 'member']): boolean =>
  rt.status === 'registered' && roles.includes(rt.committee[userId]?.role as CommitteeRole);

export const decideRoundTable = (command: RoundTableCommand, state: RoundTable): RoundTableEvent[] => {
  const { tenant, actor } = command.metadata;
  switch (command.type) {
    case 'RegisterRoundTable': {
      if (state.status === 'registered') throw new ConflictError(`round table "${state.tenant}" is already registered; change its profile instead`);
      const { abbreviation, name, website = null, contact } = command.data;
      if (!abbreviation?.trim() || !name?.trim()) throw new ValidationError('a round table needs an abbreviation (e.g. VRT) and a name');
      checkContact(contact, 'the contact');
      return [
        {
          type: 'RoundTableRegistered',
          data: { tenant, abbreviation: abbreviation.trim(), name: name.trim(), website, contactPersonId: contact.personId },
          personal: contactPart(contact),
        },
      ];
    }
    case 'ChangeRoundTableProfile': {
      if (state.status !== 'registered') throw new NotFoundError(`round table "${tenant}" is not registered; register it first`);
      const { name = state.name, website = state.website, contact } = command.data;
      if (!name.trim()) throw new ValidationError('the round table name cannot be empty');
      if (contact) checkContact(contact, 'the contact');
      if (!contact && name === state.name && website === state.website)
        throw new IllegalStateError('the profile is unchanged; give a new name, website or contact');
      return [
        {
          type: 'RoundTableProfileChanged',
          data: { name: name.trim(), website, contactPersonId: contact?.personId ?? state.contactPersonId },
          ...(contact ? { personal: contactPart(contact) } : {}),
        },
      ];
    }
    case 'AppointCommitteeMember': {
      if (state.status !== 'registered') throw new NotFoundError(`round table "${tenant}" is not registered; register it first`);
      const { userId, role, person } = command.data;
      if (!COMMITTEE_ROLES.includes(role)) throw new ValidationError(`role "${role}" is unknown; use ${COMMITTEE_ROLES.join(', ')}`);
      checkContact(person, 'the committee member');
      const current = state.committee[userId];
      if (current?.role === role) throw new IllegalStateError(`${person.name} is already on the committee as ${role}`);
      return [{ type: 'CommitteeMemberAppointed', data: { userId, personId: person.personId, role, appointedBy: actor }, personal: contactPart(person) }];
    }
    case 'RemoveCommitteeMember': {
      if (state.status !== 'registered') throw new NotFoundError(`round table "${tenant}" is not registered; register it first`);
      const member = state.committee[command.data.userId];
      if (!member) throw new NotFoundError(`user ${command.data.userId} is not on the committee of ${state.abbreviation}`);
      const chairs = Object.values(state.committee).filter((m) => m.role === 'chair').length;
      if (member.role === 'chair' && chairs === 1) {
        throw new IllegalStateError(`the committee of ${state.abbreviation} needs a chair: appoint another chair before removing this one`, 'one-chair');
      }
      if (!command.data.reason?.trim()) throw new ValidationError('say why the member leaves the committee');
      return [{ type: 'CommitteeMemberRemoved', data: { userId: command.data.userId, reason: command.data.reason, removedBy: actor } }];
    }
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown command ${(_exhaustive as Command).type}`);
    }
  }
};

export const evolveRoundTable = (state: RoundTable, event: RoundTableEvent): RoundTable => {
  switch (event.type) {
    case 'RoundTableRegistered':
      return { status: 'registered', ...event.data, committee: {} };
    case 'RoundTableProfileChanged':
      return state.status === 'registered' ? { ...state, ...event.data } : state;
    case 'CommitteeMemberAppointed':
      return state.status === 'registered'
        ? { ...state, committee: { ...state.committee, [event.data.userId]: { personId: event.data.personId, role: event.data.role } } }
        : state;
    case 'CommitteeMemberRemoved': {
      if (state.status !== 'registered') return state;
      const { [event.data.userId]: _removed, ...committee } = state.committee;
      return { ...state, committee };
    }
    default:
      return state;
  }
};

export const roundTableDecider: Decider<RoundTableCommand, RoundTable, RoundTableEvent> = {
  initialState: () => ({ status: 'unregistered' }),
  decide: decideRoundTable,
  evolve: evolveRoundTable,
};
