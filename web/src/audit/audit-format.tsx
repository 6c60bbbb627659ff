import { PAGE_SIZE, usePagedQuery } from '../core/paging';
import { Link } from '../core/router';
import type { AuditEventFieldsFragment } from '../gql/graphql';
import { CommitteeQuery } from '../settings/settings.documents';
import { sectionPath } from '../shell/sections';

/** The event types of the catalogue, offered as suggestions in the type filter (any other name works too). */
export const EVENT_TYPES = [
  'RoundTableRegistered',
  'RoundTableProfileChanged',
  'CommitteeMemberAppointed',
  'CommitteeMemberRemoved',
  'TemplateDefined',
  'TemplateChanged',
  'ProgramDrafted',
  'ApplicationWindowOpened',
  'ApplicationWindowClosed',
  'ProgramStarted',
  'ProgramCompleted',
  'ApplicationSubmitted',
  'ApplicationAmended',
  'ApplicationScreened',
  'ApplicationWaitlisted',
  'ApplicationPromoted',
  'ApplicationWithdrawn',
  'WaitlistPromotionSuggested',
  'MatchRunRequested',
  'MatchRunCompleted',
  'PairProposed',
  'PairFixed',
  'PairForbidden',
  'ProposalsSwapped',
  'PairAcceptedBy',
  'PairDeclined',
  'PairConfirmed',
  'PairEnded',
  'PairStarted',
  'CheckInScheduled',
  'CheckInHeld',
  'CheckInMissed',
  'OutputRecorded',
  'FinalPresentationDelivered',
  'ParticipationCompleted',
  'CertificateIssued',
  'AppreciationLetterIssued',
  'PersonRegistered',
  'ContactDetailsChanged',
  'PersonalDataErased',
] as const;

export type AuditEvent = AuditEventFieldsFragment;

/** "PairConfirmed" → "Pair confirmed". */
export const typeInWords = (type: string) => type.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').replace(/ ([A-Z])(?=[a-z])/g, (_, c: string) => ` ${c.toLowerCase()}`);

/** Date and time to the second, in the viewer's time zone. */
export const formatWhen = (iso: string) =>
  new Date(iso).toLocaleString('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Date and time to the minute, in the viewer's time zone. */
export const formatMinute = (iso: string) => new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO time as the value of a local `datetime-local` input (to the second). */
export const toLocalInput = (iso: string): string => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

/** A local date and time (`2026-11-29T14:30` or with seconds) as an ISO time; null when incomplete. */
export const fromLocalInput = (value: string): string | null => {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

/** Who an actor id is, in words: committee members by name, `public` for applicants, `system` for Tandem. */
export const useActorNames = (tenant: string) => {
  const [{ nodes: members }] = usePagedQuery({ query: CommitteeQuery, variables: { tenant, first: PAGE_SIZE }, list: (d) => d.committee });
  const names = new Map(members.map((m) => [m.userId, m.name ?? '(erased)']));
  const label = (actor: string) => {
    if (actor === 'public') return 'Applicant (public form)';
    if (actor === 'system') return 'Tandem (automatic)';
    return names.get(actor) ?? actor;
  };
  return { label, members };
};

export const streamPath = (tenant: string, streamId: string) => `${sectionPath(tenant, 'audit')}/stream?id=${encodeURIComponent(streamId)}`;

export const asOfPath = (tenant: string, programId: string, when: { at?: string; checkpoint?: string }) => {
  const params = new URLSearchParams({ program: programId });
  if (when.at) params.set('at', when.at);
  if (when.checkpoint) params.set('checkpoint', when.checkpoint);
  return `${sectionPath(tenant, 'audit')}/as-of?${params.toString()}`;
};

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** Everything recorded about one event: the envelope, the hash, the data and the personal part. */
export const EventDetails = ({ event, tenant }: { event: AuditEvent; tenant: string }) => (
  <details className="event-details">
    <summary>Details</summary>
    <dl className="event-facts">
      <div>
        <dt>Event id</dt>
        <dd className="mono">{event.eventId}</dd>
      </div>
      <div>
        <dt>Happened</dt>
        <dd>{formatWhen(event.occurredAt)}</dd>
      </div>
      <div>
        <dt>Recorded</dt>
        <dd>{formatWhen(event.recordedAt)}</dd>
      </div>
      <div>
        <dt>Place in the chain</dt>
        <dd>
          #{event.tenantSequence} · revision {event.streamRevision} of its stream · schema v{event.schemaVersion}
        </dd>
      </div>
      <div>
        <dt>Hash</dt>
        <dd className="mono">{event.hash ?? 'not sealed yet'}</dd>
      </div>
      <div>
        <dt>Correlation</dt>
        <dd className="mono">
          {event.correlationId}
          {event.causationId ? ` ← ${event.causationId}` : ''}
        </dd>
      </div>
    </dl>
    <p className="event-json-label">Data</p>
    <pre className="event-json">{json(event.data)}</pre>
    {event.personal ? (
      <>
        <p className="event-json-label">Personal part</p>
        <pre className="event-json">{json(event.personal)}</pre>
      </>
    ) : null}
    {event.programId ? (
      <p>
        <Link to={asOfPath(tenant, event.programId, { checkpoint: event.checkpoint })}>See the program as it was right after this event</Link>
      </p>
    ) : null}
  </details>
);
