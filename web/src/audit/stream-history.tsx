import { useState } from 'react';
import { useQuery } from 'urql';
import { useRoundTable } from '../shell/round-table-context';
import { ChunkStatusRows, ShowMoreRow } from '../shell/table-chunk';
import { StreamHistoryQuery } from './audit.documents';
import { useActorNames } from './audit-format';
import { EventRow } from './timeline';

const PAGE_SIZE = 50;

/** What a stream holds, from its name: `lrrt/pair-…` → "pair". */
export const streamCategory = (streamId: string) => /^[^/]+\/([a-z]+)-/.exec(streamId)?.[1] ?? 'stream';

/** One stream's events in revision order: the life of one program, application, pair or template. */
export const StreamHistory = ({ streamId }: { streamId: string }) => {
  const roundTable = useRoundTable();
  const actors = useActorNames(roundTable.id);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <>
      <p className="muted">
        Every event of the {streamCategory(streamId)} stream <span className="mono">{streamId}</span>, in the order it was written (its revisions).
      </p>
      <div className="table-wrap">
        <table className="data-table audit-table" data-testid="stream-events">
          <caption className="visually-hidden">The events of stream {streamId}</caption>
          <thead>
            <tr>
              <th scope="col">Revision</th>
              <th scope="col">Event</th>
              <th scope="col">Recorded</th>
              <th scope="col">Actor</th>
            </tr>
          </thead>
          {cursors.map((after, index) => (
            <StreamChunk
              key={after ?? 'first'}
              variables={{ tenant: roundTable.id, streamId, first: PAGE_SIZE, after }}
              first={index === 0}
              last={index === cursors.length - 1}
              actorLabel={actors.label}
              onMore={(cursor) => setCursors([...cursors, cursor])}
            />
          ))}
        </table>
      </div>
    </>
  );
};

const StreamChunk = ({
  variables,
  first,
  last,
  actorLabel,
  onMore,
}: {
  variables: { tenant: string; streamId: string; first: number; after: string | null };
  first: boolean;
  last: boolean;
  actorLabel(actor: string): string;
  onMore(cursor: string): void;
}) => {
  const [{ data, error, fetching }] = useQuery({ query: StreamHistoryQuery, variables });
  const connection = data?.streamHistory;
  const rows = connection?.edges.map((edge) => edge.node) ?? [];
  return (
    <tbody aria-busy={fetching && !data}>
      <ChunkStatusRows columns={4} data={data} error={error} failed="The stream could not be loaded" loading="Loading the stream…" />
      {first && connection && rows.length === 0 ? (
        <tr>
          <td colSpan={4} className="table-empty">
            <p className="empty-line">This stream has no events: check its name.</p>
          </td>
        </tr>
      ) : null}
      {rows.map((event) => (
        <EventRow key={event.eventId} event={event} tenant={variables.tenant} actorLabel={actorLabel} showStream={false} />
      ))}
      {last ? <ShowMoreRow columns={4} pageInfo={connection?.pageInfo} pageSize={PAGE_SIZE} onMore={onMore} /> : null}
    </tbody>
  );
};
