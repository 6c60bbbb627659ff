import { useEffect, useId, useState } from 'react';
import { useQuery } from 'urql';
import { Link, navigate, searchParams, useLocation, withSearch } from '../core/router';
import { usePrograms } from '../programs/program-picker';
import { EmptyState } from '../shell/empty-state';
import { AuditIcon } from '../shell/icons';
import { useRoundTable } from '../shell/round-table-context';
import { sectionPath } from '../shell/sections';
import { ChunkStatusRows, ShowMoreButton } from '../shell/table-chunk';
import { AuditEventsQuery } from './audit.documents';
import { type AuditEvent, EVENT_TYPES, EventDetails, formatWhen, fromLocalInput, streamPath, toLocalInput, typeInWords, useActorNames } from './audit-format';

const PAGE_SIZE = 50;

/** `from` and `to` are ISO times. */
const FILTER_NAMES = ['program', 'type', 'stream', 'actor', 'from', 'to'] as const;
type Filters = Record<(typeof FILTER_NAMES)[number], string>;

const filtersFrom = (location: string): Filters => searchParams(location, FILTER_NAMES);
const withFilters = (base: string, filters: Filters) => withSearch(base, FILTER_NAMES, filters);

/** A text filter that applies a moment after the last keystroke. */
const useTypedFilter = (value: string, apply: (value: string) => void) => {
  const [text, setText] = useState(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the typed text triggers it
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => apply(text.trim()), 400);
    return () => clearTimeout(timer);
  }, [text]);
  // The URL changed elsewhere (Clear filters, the back button): show it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the URL only
  useEffect(() => {
    if (text.trim() !== value) setText(value);
  }, [value]);
  return [text, setText] as const;
};

/** The round table's history in log order: filters in the URL, a page at a time. */
export const Timeline = () => {
  const roundTable = useRoundTable();
  const location = useLocation();
  const filters = filtersFrom(location);
  const base = sectionPath(roundTable.id, 'audit');
  const set = (name: keyof Filters, value: string) => navigate(withFilters(base, { ...filters, [name]: value }), { replace: true });
  const [type, setType] = useTypedFilter(filters.type, (v) => set('type', v));
  const [stream, setStream] = useTypedFilter(filters.stream, (v) => set('stream', v));
  const [actor, setActor] = useTypedFilter(filters.actor, (v) => set('actor', v));
  const { programs } = usePrograms(roundTable.id);
  const actors = useActorNames(roundTable.id);
  const ids = { program: useId(), type: useId(), types: useId(), stream: useId(), actor: useId(), actors: useId(), from: useId(), to: useId() };

  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const filterKey = FILTER_NAMES.map((n) => filters[n]).join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter starts from the first page
  useEffect(() => setCursors([null]), [filterKey]);
  const filtered = FILTER_NAMES.some((n) => filters[n]);
  const filter = {
    programId: filters.program || null,
    type: filters.type || null,
    streamId: filters.stream || null,
    actor: filters.actor || null,
    from: filters.from || null,
    to: filters.to || null,
  };

  return (
    <>
      <search className="filters audit-filters" aria-label="Filter the history">
        <div className="field">
          <label htmlFor={ids.program}>Program</label>
          <select id={ids.program} value={filters.program} onChange={(event) => set('program', event.target.value)}>
            <option value="">Every program and the round table</option>
            {programs.map((p) => (
              <option key={p.programId} value={p.programId}>
                {p.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.type}>Event type</label>
          <input id={ids.type} list={ids.types} value={type} placeholder="e.g. PairConfirmed" onChange={(event) => setType(event.target.value)} />
          <datalist id={ids.types}>
            {EVENT_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor={ids.stream}>Stream</label>
          <input
            id={ids.stream}
            value={stream}
            placeholder={`e.g. ${roundTable.id}/roundtable-${roundTable.id}`}
            onChange={(event) => setStream(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.actor}>Actor</label>
          <input id={ids.actor} list={ids.actors} value={actor} placeholder="Account id, public or system" onChange={(event) => setActor(event.target.value)} />
          <datalist id={ids.actors}>
            {actors.members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name ?? m.userId}
              </option>
            ))}
            <option value="public">Applicants (public form)</option>
            <option value="system">Tandem (automatic)</option>
          </datalist>
        </div>
        <div className="field">
          <label htmlFor={ids.from}>Recorded from</label>
          <input
            id={ids.from}
            type="datetime-local"
            step={1}
            value={filters.from ? toLocalInput(filters.from) : ''}
            onChange={(event) => set('from', fromLocalInput(event.target.value) ?? '')}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>Recorded until</label>
          <input
            id={ids.to}
            type="datetime-local"
            step={1}
            value={filters.to ? toLocalInput(filters.to) : ''}
            onChange={(event) => set('to', fromLocalInput(event.target.value) ?? '')}
          />
        </div>
        {filtered ? (
          <button type="button" className="button button-secondary filters-clear" onClick={() => navigate(base, { replace: true })}>
            Clear filters
          </button>
        ) : null}
      </search>
      <div className="table-wrap">
        <table className="data-table audit-table" data-testid="audit-events">
          <caption className="visually-hidden">The round table’s events in the order they were recorded</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Event</th>
              <th scope="col">Recorded</th>
              <th scope="col">Stream</th>
              <th scope="col">Actor</th>
            </tr>
          </thead>
          {cursors.map((after, index) => (
            <EventsChunk
              key={after ?? 'first'}
              variables={{ tenant: roundTable.id, filter, first: PAGE_SIZE, after, withCount: index === 0 }}
              first={index === 0}
              last={index === cursors.length - 1}
              filtered={filtered}
              actorLabel={actors.label}
              onMore={(cursor) => setCursors([...cursors, cursor])}
            />
          ))}
        </table>
      </div>
    </>
  );
};

type ChunkVariables = {
  tenant: string;
  filter: { programId: string | null; type: string | null; streamId: string | null; actor: string | null; from: string | null; to: string | null };
  first: number;
  after: string | null;
  /** Only the first page asks for the count. */
  withCount: boolean;
};

const EventsChunk = ({
  variables,
  first,
  last,
  filtered,
  actorLabel,
  onMore,
}: {
  variables: ChunkVariables;
  first: boolean;
  last: boolean;
  filtered: boolean;
  actorLabel(actor: string): string;
  onMore(cursor: string): void;
}) => {
  const [{ data, error, fetching }] = useQuery({ query: AuditEventsQuery, variables });
  const connection = data?.auditEvents;
  const rows = connection?.edges.map((edge) => edge.node) ?? [];
  return (
    <tbody aria-busy={fetching && !data}>
      {first && connection && typeof connection.totalCount === 'number' && connection.totalCount > 0 ? (
        <tr className="table-count">
          <td colSpan={5} role="status" data-testid="audit-count">
            {connection.totalCount === 1 ? '1 event' : `${connection.totalCount.toLocaleString('en-US')} events`}
            {filtered ? ' match these filters' : ''}
          </td>
        </tr>
      ) : null}
      <ChunkStatusRows columns={5} data={data} error={error} failed="The history could not be loaded" loading="Loading events…" />
      {first && connection && rows.length === 0 ? (
        <tr>
          <td colSpan={5} className="table-empty">
            <EmptyState title={filtered ? 'No event matches' : 'No events yet'} icon={<AuditIcon />}>
              <p>{filtered ? 'Try fewer filters, or a wider time range.' : 'Everything the round table does is recorded here as it happens.'}</p>
            </EmptyState>
          </td>
        </tr>
      ) : null}
      {rows.map((event) => (
        <EventRow key={event.eventId} event={event} tenant={variables.tenant} actorLabel={actorLabel} />
      ))}
      {last && connection ? (
        <tr className="table-count">
          <td colSpan={5} role="status">
            {connection.pageInfo.hasNextPage && connection.pageInfo.endCursor ? (
              <ShowMoreButton cursor={connection.pageInfo.endCursor} pageSize={PAGE_SIZE} onMore={onMore} />
            ) : (
              'End of the history for these filters.'
            )}
          </td>
        </tr>
      ) : null}
    </tbody>
  );
};

export const EventRow = ({
  event,
  tenant,
  actorLabel,
  showStream = true,
}: {
  event: AuditEvent;
  tenant: string;
  actorLabel(actor: string): string;
  showStream?: boolean;
}) => (
  <tr data-testid="audit-event" data-event-id={event.eventId}>
    <td data-label="#" className="mono">
      {showStream ? event.tenantSequence : event.streamRevision}
    </td>
    <td data-label="Event">
      <span className="row-title" data-testid="event-type">
        {typeInWords(event.type)}
      </span>
      <span className="row-sub mono">{event.type}</span>
      <EventDetails event={event} tenant={tenant} />
    </td>
    <td data-label="Recorded">{formatWhen(event.recordedAt)}</td>
    {showStream ? (
      <td data-label="Stream">
        <Link to={streamPath(tenant, event.streamId)} className="mono" data-testid="event-stream">
          {event.streamId}
        </Link>
      </td>
    ) : null}
    <td data-label="Actor">{actorLabel(event.actor)}</td>
  </tr>
);
