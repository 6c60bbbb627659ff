import { type ReactNode, useEffect } from 'react';
import { errorCode, errorMessage } from '../core/api-errors';
import { PAGE_SIZE, usePagedQuery } from '../core/paging';
import type { PublicOutputsQuery as PublicOutputsResult } from '../gql/graphql';
import { PublicLayout } from '../shell/public-layout';
import { PublicOutputsQuery } from './outputs.documents';

type Output = PublicOutputsResult['publicOutputs']['edges'][number]['node'];

const formatDay = (day: string) =>
  new Date(`${day.slice(0, 10)}T00:00:00Z`).toLocaleDateString('en-US', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' });

const GROUPS = [
  { kind: 'publication', title: 'Publications' },
  { kind: 'presentation', title: 'Presentations' },
] as const;

/** The public list of a program's publications and presentations: no account needed, newest first. */
export const PublicOutputsPage = ({ tenant, programId }: { tenant: string; programId: string }) => {
  const [list] = usePagedQuery({ query: PublicOutputsQuery, variables: { tenant, programId, first: PAGE_SIZE }, list: (d) => d.publicOutputs });
  const { data, error, fetching } = list;
  const form = data?.applicationForm;

  useEffect(() => {
    document.title = form ? `Publications and presentations: ${form.programTitle} · Tandem` : 'Publications and presentations · Tandem';
  }, [form]);

  let body: ReactNode;
  if (fetching && !data)
    body = (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading the list…
      </p>
    );
  else if (!form || !data)
    body = (
      <>
        <h1>List not found</h1>
        <p>
          {errorCode(error) === 'NOT_FOUND'
            ? 'There is no such program. Check the link you were given, or ask the round table’s committee for the right one.'
            : errorMessage(error)}
        </p>
      </>
    );
  else {
    // The latest first, one day's by title, as the API lists them.
    const outputs = list.nodes;
    body = (
      <>
        <div className="public-intro">
          <p className="eyebrow">{form.roundTableName} · Mentorship outcomes</p>
          <h1>Publications and presentations</h1>
          <p>
            The work that mentees and mentors of <strong>{form.programTitle}</strong> published or presented with the program’s support.
          </p>
        </div>
        {outputs.length === 0 ? (
          <p className="empty-line">Nothing is listed yet. Publications and presentations appear here as the committee records them.</p>
        ) : (
          GROUPS.map((group) => <OutputGroup key={group.kind} title={group.title} outputs={outputs.filter((o) => o.kind === group.kind)} />)
        )}
      </>
    );
  }

  return <PublicLayout roundTableName={form?.roundTableName}>{body}</PublicLayout>;
};

const OutputGroup = ({ title, outputs }: { title: string; outputs: Output[] }) => {
  if (outputs.length === 0) return null;
  const id = `outputs-${title.toLowerCase()}`;
  return (
    <section className="public-outputs" aria-labelledby={id}>
      <h2 id={id}>
        {title} <span className="count">{outputs.length}</span>
      </h2>
      <ol className="citation-list">
        {outputs.map((o) => (
          <li key={o.outputId} className="citation">
            <p className="citation-title">{o.url ? <a href={o.url}>{o.title}</a> : o.title}</p>
            <p className="citation-meta">
              {o.venue} · <time dateTime={o.date}>{formatDay(o.date)}</time>
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
};
