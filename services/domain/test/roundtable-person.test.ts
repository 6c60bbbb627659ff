import { describe, it } from 'vitest';
import { ConflictError, IllegalStateError, NotFoundError, ValidationError } from '../src/core/errors';
import { personDecider } from '../src/person/person.decider';
import { type RoundTableEvent, roundTableDecider } from '../src/roundtable/roundtable.decider';
import { spec } from './support/decider-spec';
import { meta } from './support/program-scenario';

const rt = spec(roundTableDecider);
const person = spec(personDecider);
const m = meta({ tenant: 'vrt', actor: 'admin-1' });
const karen = { personId: 'p-karen', name: 'Karen Harker', email: 'karen@example.org' };
const registered: RoundTableEvent = {
  type: 'RoundTableRegistered',
  data: { tenant: 'vrt', abbreviation: 'VRT', name: 'Video Round Table', website: null, contactPersonId: 'p-karen' },
  personal: { personId: 'p-karen', fields: { name: 'Karen Harker', email: 'karen@example.org' } },
};
const chair: RoundTableEvent = {
  type: 'CommitteeMemberAppointed',
  data: { userId: 'u-chair', personId: 'p-karen', role: 'chair', appointedBy: 'admin-1' },
  personal: { personId: 'p-karen', fields: { name: 'Karen Harker', email: 'karen@example.org' } },
};

describe('round tables as tenants', () => {
  describe('when unregistered', () => {
    it('registers with its contact in the personal part', () =>
      rt
        .given([])
        .when({ type: 'RegisterRoundTable', data: { abbreviation: 'VRT', name: 'Video Round Table', contact: karen }, metadata: m })
        .then([registered]));
    it('rejects a contact without an email', () =>
      rt
        .given([])
        .when({ type: 'RegisterRoundTable', data: { abbreviation: 'VRT', name: 'Video Round Table', contact: { ...karen, email: 'x' } }, metadata: m })
        .thenThrows(ValidationError));
    it('cannot appoint members yet', () =>
      rt
        .given([])
        .when({ type: 'AppointCommitteeMember', data: { userId: 'u', role: 'member', person: karen }, metadata: m })
        .thenThrows(NotFoundError));
  });

  describe('when registered', () => {
    it('rejects registering twice', () =>
      rt
        .given([registered])
        .when({ type: 'RegisterRoundTable', data: { abbreviation: 'VRT', name: 'x', contact: karen }, metadata: m })
        .thenThrows(ConflictError));
    it('changes its profile', () =>
      rt
        .given([registered])
        .when({ type: 'ChangeRoundTableProfile', data: { website: 'https://www.ala.org/rt/vrt' }, metadata: m })
        .then([{ type: 'RoundTableProfileChanged', data: { name: 'Video Round Table', website: 'https://www.ala.org/rt/vrt', contactPersonId: 'p-karen' } }]));
    it('rejects a profile change that changes nothing', () =>
      rt.given([registered]).when({ type: 'ChangeRoundTableProfile', data: {}, metadata: m }).thenThrows(IllegalStateError));
    it('appoints a committee member with a role', () =>
      rt
        .given([registered])
        .when({ type: 'AppointCommitteeMember', data: { userId: 'u-chair', role: 'chair', person: karen }, metadata: m })
        .then([chair]));
    it('rejects an unknown role', () =>
      rt
        .given([registered])
        .when({ type: 'AppointCommitteeMember', data: { userId: 'u', role: 'king' as never, person: karen }, metadata: m })
        .thenThrows(ValidationError));
    it('removes a member with a reason', () =>
      rt
        .given([registered, chair, { ...chair, data: { ...chair.data, userId: 'u-2', role: 'member' } } as RoundTableEvent])
        .when({ type: 'RemoveCommitteeMember', data: { userId: 'u-2', reason: 'term ended' }, metadata: m })
        .then([{ type: 'CommitteeMemberRemoved', data: { userId: 'u-2', reason: 'term ended', removedBy: 'admin-1' } }]));
    it('keeps at least one chair', () =>
      rt
        .given([registered, chair])
        .when({ type: 'RemoveCommitteeMember', data: { userId: 'u-chair', reason: 'r' }, metadata: m })
        .thenThrows(IllegalStateError, /needs a chair/, 'one-chair'));
    it('rejects removing someone not on the committee', () =>
      rt
        .given([registered])
        .when({ type: 'RemoveCommitteeMember', data: { userId: 'nobody', reason: 'r' }, metadata: m })
        .thenThrows(NotFoundError));
  });
});

describe('persons', () => {
  const reg = {
    type: 'PersonRegistered' as const,
    data: { personId: 'p1' },
    personal: { personId: 'p1', fields: { name: 'Ann', email: 'ann@x.org', affiliation: null } },
  };
  it('registers with contact details only in the personal part', () =>
    person
      .given([])
      .when({ type: 'RegisterPerson', data: { personId: 'p1', name: 'Ann', email: 'ann@x.org', affiliation: null }, metadata: m })
      .then([reg]));
  it('rejects registering twice', () =>
    person
      .given([reg])
      .when({ type: 'RegisterPerson', data: { personId: 'p1', name: 'Ann', email: 'ann@x.org', affiliation: null }, metadata: m })
      .thenThrows(ConflictError));
  it('records changed contact details, naming which fields changed', () =>
    person
      .given([reg])
      .when({ type: 'ChangeContactDetails', data: { personId: 'p1', email: 'ann@new.org', name: 'Ann' }, metadata: m })
      .then([{ type: 'ContactDetailsChanged', data: { personId: 'p1', changed: ['email'] }, personal: { personId: 'p1', fields: { email: 'ann@new.org' } } }]));
  it('rejects a change that changes nothing', () =>
    person
      .given([reg])
      .when({ type: 'ChangeContactDetails', data: { personId: 'p1', email: 'ann@x.org' }, metadata: m })
      .thenThrows(IllegalStateError));
  it('rejects changes for an unknown person', () =>
    person
      .given([])
      .when({ type: 'ChangeContactDetails', data: { personId: 'p1', email: 'a@b.org' }, metadata: m })
      .thenThrows(NotFoundError));
});
