import { type FormEvent, useCallback, useId, useState } from 'react';
import { useQuery } from 'urql';
import { formatDate } from '../applications/applications.page';
import { useCommand } from '../core/command';
import { PAGE_SIZE, usePagedQuery } from '../core/paging';
import type { CommitteeQuery as CommitteeResult, RoundTableProfileQuery } from '../gql/graphql';
import { ReasonForm } from '../shell/reason-form';
import { RestOfList } from '../shell/rest-of-list';
import { useRoundTable } from '../shell/round-table-context';
import {
  ChangeRoundTableProfileMutation,
  CommitteeQuery,
  InviteCommitteeMemberMutation,
  RemoveCommitteeMemberMutation,
  RoundTableQuery,
} from './settings.documents';

type Profile = RoundTableProfileQuery['roundTable'];
type Member = CommitteeResult['committee']['edges'][number]['node'];

const Feedback = ({ error, notice }: { error: string | null; notice: string | null }) => (
  <>
    {error ? (
      <p className="form-error" role="alert">
        {error}
      </p>
    ) : null}
    <p className="notice-success" role="status">
      {notice}
    </p>
  </>
);

/** The round table's name, website and contact; its admins change them. */
export const ProfileCard = ({ mayEdit }: { mayEdit: boolean }) => {
  const roundTable = useRoundTable();
  const [{ data, error }, refetch] = useQuery({ query: RoundTableQuery, variables: { tenant: roundTable.id } });
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const [editing, setEditing] = useState(false);
  const command = useCommand(refresh);
  const profile = data?.roundTable;
  return (
    <section className="card" aria-labelledby="profile-title">
      <div className="card-head">
        <h2 id="profile-title">Round table</h2>
        {mayEdit && profile && !editing ? (
          <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
            Edit the profile
          </button>
        ) : null}
      </div>
      {error && !data ? (
        <p className="form-error" role="alert">
          The profile could not be loaded: {error.graphQLErrors[0]?.message ?? error.message}
        </p>
      ) : null}
      {!profile ? null : editing ? (
        <ProfileForm
          profile={profile}
          busy={command.busy !== null}
          onCancel={() => setEditing(false)}
          onSave={async (changes) => {
            if (await command.perform('profile', ChangeRoundTableProfileMutation, { tenant: roundTable.id, ...changes }, 'The profile is saved.')) {
              setEditing(false);
            }
          }}
        />
      ) : (
        <dl className="facts" data-testid="profile">
          <div>
            <dt>Name</dt>
            <dd>
              {profile.name} ({profile.abbreviation})
            </dd>
          </div>
          <div>
            <dt>Website</dt>
            <dd>{profile.website ? <a href={profile.website}>{profile.website}</a> : '—'}</dd>
          </div>
          <div>
            <dt>Contact</dt>
            <dd>
              {profile.contactName ?? '—'}
              {profile.contactEmail ? (
                <>
                  {' · '}
                  <a href={`mailto:${profile.contactEmail}`}>{profile.contactEmail}</a>
                </>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>On Tandem since</dt>
            <dd>{formatDate(profile.registeredAt)}</dd>
          </div>
        </dl>
      )}
      <Feedback error={command.error} notice={command.notice} />
    </section>
  );
};

interface ProfileChanges {
  name: string | null;
  website: string | null;
  contact: { name: string; email: string } | null;
}

const ProfileForm = ({ profile, busy, onSave, onCancel }: { profile: Profile; busy: boolean; onSave(changes: ProfileChanges): void; onCancel(): void }) => {
  const ids = { name: useId(), website: useId(), contactName: useId(), contactEmail: useId() };
  const [name, setName] = useState(profile.name);
  const [website, setWebsite] = useState(profile.website ?? '');
  const [contactName, setContactName] = useState(profile.contactName ?? '');
  const [contactEmail, setContactEmail] = useState(profile.contactEmail ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const contactChanged = contactName.trim() !== (profile.contactName ?? '') || contactEmail.trim() !== (profile.contactEmail ?? '');
    onSave({
      name: name.trim() !== profile.name ? name.trim() : null,
      website: website.trim() !== (profile.website ?? '') ? website.trim() : null,
      contact: contactChanged ? { name: contactName.trim(), email: contactEmail.trim() } : null,
    });
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-label="The round table’s profile">
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <input id={ids.name} value={name} required onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.website}>Website</label>
        <input id={ids.website} type="url" value={website} placeholder="https://www.ala.org/…" onChange={(event) => setWebsite(event.target.value)} />
      </div>
      <div className="field-pair">
        <div className="field">
          <label htmlFor={ids.contactName}>Contact person</label>
          <input id={ids.contactName} value={contactName} autoComplete="off" onChange={(event) => setContactName(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.contactEmail}>Contact email</label>
          <input id={ids.contactEmail} type="email" value={contactEmail} autoComplete="off" onChange={(event) => setContactEmail(event.target.value)} />
        </div>
      </div>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          Save the profile
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
};

/** The domain's committee roles in words (the API's `committee` answers with these). */
const COMMITTEE_ROLES: Record<string, string> = { chair: 'Chair (admin)', coordinator: 'Coordinator', member: 'Committee member', auditor: 'Auditor' };
/** What the invitation grants (the API's access roles). */
const INVITE_ROLES = [
  { value: 'committee', label: 'Committee member: screens and matches' },
  { value: 'coordinator', label: 'Coordinator: also runs the program cycle and edits templates' },
  { value: 'auditor', label: 'Auditor: reads the full history' },
  { value: 'admin', label: 'Chair (admin): also manages the profile and committee' },
];

/** Who is on the committee; admins invite and remove members. */
export const CommitteeCard = ({ mayEdit }: { mayEdit: boolean }) => {
  const roundTable = useRoundTable();
  const [committee, refetch] = usePagedQuery({ query: CommitteeQuery, variables: { tenant: roundTable.id, first: PAGE_SIZE }, list: (d) => d.committee });
  const { data, error, nodes: members } = committee;
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  return (
    <section className="card" aria-labelledby="committee-title">
      <h2 id="committee-title">
        Committee <span className="count">{members.length}</span>
      </h2>
      {error && !data ? (
        <p className="form-error" role="alert">
          The committee could not be loaded: {error.graphQLErrors[0]?.message ?? error.message}
        </p>
      ) : null}
      <ul className="member-list" data-testid="committee">
        {members.map((member) => (
          <MemberRow key={member.userId} member={member} mayEdit={mayEdit} refresh={refresh} />
        ))}
      </ul>
      {data ? <RestOfList list={committee} what="members" /> : null}
      {mayEdit ? <InviteForm refresh={refresh} /> : <p className="muted small">The round table’s chair (an admin) invites and removes members.</p>}
    </section>
  );
};

const MemberRow = ({ member, mayEdit, refresh }: { member: Member; mayEdit: boolean; refresh(): void }) => {
  const roundTable = useRoundTable();
  const [removing, setRemoving] = useState(false);
  const command = useCommand(refresh);
  const name = member.name ?? '(erased)';
  return (
    <li className="member" data-testid="member" data-user-id={member.userId}>
      <div className="member-main">
        <span className="member-name">{name}</span>
        <span className="row-sub">
          {member.email ?? '—'} · appointed {formatDate(member.appointedAt)}
        </span>
      </div>
      <span className="badge">{COMMITTEE_ROLES[member.role] ?? member.role}</span>
      {mayEdit && !removing ? (
        <button type="button" className="button button-quiet-danger button-small" onClick={() => setRemoving(true)} aria-label={`Remove ${name}`}>
          Remove…
        </button>
      ) : null}
      {removing ? (
        <div className="member-step">
          <ReasonForm
            label={`Why does ${name} leave the committee?`}
            confirm="Remove from the committee"
            danger
            busy={command.busy !== null}
            onCancel={() => setRemoving(false)}
            onSubmit={(reason) =>
              void command.perform('remove', RemoveCommitteeMemberMutation, { tenant: roundTable.id, userId: member.userId, reason }, `${name} was removed.`)
            }
          />
        </div>
      ) : null}
      {command.error ? (
        <p className="form-error member-step" role="alert">
          {command.error}
        </p>
      ) : null}
    </li>
  );
};

const InviteForm = ({ refresh }: { refresh(): void }) => {
  const roundTable = useRoundTable();
  const ids = { name: useId(), email: useId(), role: useId() };
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('committee');
  const command = useCommand(refresh);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const person = { name: name.trim(), email: email.trim() };
    const done = await command.perform(
      'invite',
      InviteCommitteeMemberMutation,
      { tenant: roundTable.id, person, role },
      `${person.name} is on the committee. If they had no Tandem account, an invitation went to ${person.email}.`,
    );
    if (done) {
      setName('');
      setEmail('');
    }
  };
  return (
    <form className="invite-form" onSubmit={(event) => void submit(event)} aria-labelledby="invite-title">
      <h3 id="invite-title">Invite someone</h3>
      <div className="field-pair">
        <div className="field">
          <label htmlFor={ids.name}>Full name</label>
          <input id={ids.name} value={name} required autoComplete="off" onChange={(event) => setName(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.email}>Email</label>
          <input id={ids.email} type="email" value={email} required autoComplete="off" onChange={(event) => setEmail(event.target.value)} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={ids.role}>Role</label>
        <select id={ids.role} value={role} onChange={(event) => setRole(event.target.value)}>
          {INVITE_ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      <Feedback error={command.error} notice={command.notice} />
      <button type="submit" className="button button-primary" disabled={command.busy !== null} aria-busy={command.busy !== null}>
        {command.busy ? <span className="spinner" aria-hidden="true" /> : null}
        Send the invitation
      </button>
    </form>
  );
};
