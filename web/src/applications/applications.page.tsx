import { useEffect, useId, useState } from 'react';
import { useQuery } from 'urql';
import { useLiveQuery } from '../core/live-query';
import { Link, navigate, searchParams, useLocation, withSearch } from '../core/router';
import type { ApplicationRowFragment } from '../gql/graphql';
import { FormQuestionsQuery } from '../programs/program.documents';
import { ProgramGate, ProgramPicker, type ProgramSummary, useProgramChoice } from '../programs/program-picker';
import { publicFormPath } from '../programs/public-form-link';
import { EmptyState } from '../shell/empty-state';
import { ApplicationsIcon } from '../shell/icons';
import { Page } from '../shell/page';
import { useRoundTable } from '../shell/round-table-context';
import { sectionPath } from '../shell/sections';
import { StatusBadge } from '../shell/status-badge';
import { ChunkStatusRows, ShowMoreRow } from '../shell/table-chunk';
import { ApplicationsQuery } from './application.documents';

const PAGE_SIZE = 50;
const STATUSES = ['submitted', 'eligible', 'waitlisted', 'matched', 'ineligible', 'withdrawn'];
const STATUS_OPTIONS: Record<string, string> = {
  submitted: 'Awaiting screening',
  eligible: 'Eligible',
  waitlisted: 'Waitlisted',
  matched: 'Matched',
  ineligible: 'Ineligible',
  withdrawn: 'Withdrawn',
};

const FILTER_NAMES = ['status', 'role', 'tier', 'topic', 'q'] as const;
type Filters = Record<(typeof FILTER_NAMES)[number], string>;

const filtersFrom = (location: string): Filters => searchParams(location, FILTER_NAMES);
const withFilters = (base: string, filters: Filters) => withSearch(base, FILTER_NAMES, filters);

export const formatDate = (iso: string) => new Date(iso).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });

export type Labels = { stage: (value: string) => string; option: (value: string) => string };

/** Career stages and choices in words, from the program's form. */
export const useFormLabels = (tenant: string, programId: string) => {
  const [{ data }] = useQuery({ query: FormQuestionsQuery, variables: { tenant, programId } });
  const form = data?.applicationForm;
  const stages = new Map<string, string>(
    ((form?.core as { careerStages?: { value: string; label: string }[] })?.careerStages ?? []).map((s) => [s.value, s.label]),
  );
  const options = new Map<string, string>();
  const topics: { value: string; label: string; question: string }[] = [];
  for (const question of form?.questions ?? []) {
    for (const option of (question.options as { value: string; label: string }[] | null) ?? []) {
      options.set(option.value, option.label);
      if (question.type === 'multiChoice') topics.push({ ...option, question: question.label });
    }
  }
  const labels: Labels = { stage: (value) => stages.get(value) ?? value, option: (value) => options.get(value) ?? value };
  return { labels, topics, questions: form?.questions ?? [] };
};

export const ApplicationsPage = () => {
  const choice = useProgramChoice();
  return (
    <Page title="Applications" actions={<ProgramPicker choice={choice} />}>
      <ProgramGate choice={choice}>{(program) => <ApplicationsList program={program} />}</ProgramGate>
    </Page>
  );
};

const ApplicationsList = ({ program }: { program: ProgramSummary }) => {
  const roundTable = useRoundTable();
  const location = useLocation();
  const filters = filtersFrom(location);
  const base = sectionPath(roundTable.id, 'applications');
  const [search, setSearch] = useState(filters.q);
  const { labels, topics } = useFormLabels(roundTable.id, program.programId);
  const ids = { status: useId(), role: useId(), tier: useId(), topic: useId(), search: useId() };

  const set = (name: keyof Filters, value: string) => navigate(withFilters(base, { ...filters, [name]: value }), { replace: true });

  // Search as you type, a moment after the last keystroke.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the typed text triggers it
  useEffect(() => {
    if (search === filters.q) return;
    const timer = setTimeout(() => set('q', search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);

  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const filterKey = FILTER_NAMES.map((n) => filters[n]).join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter starts from the first page
  useEffect(() => setCursors([null]), [filterKey, program.programId]);

  const variables = {
    tenant: roundTable.id,
    programId: program.programId,
    status: filters.status ? [filters.status] : null,
    role: filters.role || null,
    tier: filters.tier ? Number(filters.tier) : null,
    topic: filters.topic || null,
    search: filters.q || null,
    first: PAGE_SIZE,
  };
  const filtered = FILTER_NAMES.some((n) => filters[n]);

  return (
    <>
      <search className="filters" aria-label="Filter applications">
        <div className="field field-search">
          <label htmlFor={ids.search}>Search</label>
          <input
            id={ids.search}
            type="search"
            value={search}
            placeholder="Name, affiliation or interests"
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.status}>Status</label>
          <select id={ids.status} value={filters.status} onChange={(event) => set('status', event.target.value)}>
            <option value="">All statuses</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_OPTIONS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.role}>Role</label>
          <select id={ids.role} value={filters.role} onChange={(event) => set('role', event.target.value)}>
            <option value="">Mentors and mentees</option>
            <option value="mentor">Mentors</option>
            <option value="mentee">Mentees</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.tier}>Tier</label>
          <select id={ids.tier} value={filters.tier} onChange={(event) => set('tier', event.target.value)}>
            <option value="">Any tier</option>
            <option value="1">Tier 1</option>
            <option value="2">Tier 2</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.topic}>Topic</label>
          <select id={ids.topic} value={filters.topic} onChange={(event) => set('topic', event.target.value)}>
            <option value="">Any topic</option>
            {topics.map((t) => (
              <option key={`${t.question}-${t.value}`} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        {filtered ? (
          <button
            type="button"
            className="button button-secondary filters-clear"
            onClick={() => {
              setSearch('');
              navigate(base, { replace: true });
            }}
          >
            Clear filters
          </button>
        ) : null}
      </search>
      <div className="table-wrap">
        <table className="data-table applications-table">
          <caption className="visually-hidden">Applications to {program.title}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Career stage</th>
              <th scope="col">Tier</th>
              <th scope="col">Status</th>
              <th scope="col">Submitted</th>
            </tr>
          </thead>
          {cursors.map((after, index) => (
            <ApplicationsChunk
              key={after ?? 'first'}
              variables={{ ...variables, after }}
              labels={labels}
              first={index === 0}
              last={index === cursors.length - 1}
              filtered={filtered}
              program={program}
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
  programId: string;
  status: string[] | null;
  role: string | null;
  tier: number | null;
  topic: string | null;
  search: string | null;
  first: number;
  after: string | null;
};

/** One page of rows (a <tbody>); the last one offers the next page. */
const ApplicationsChunk = ({
  variables,
  labels,
  first,
  last,
  filtered,
  program,
  onMore,
}: {
  variables: ChunkVariables;
  labels: Labels;
  first: boolean;
  last: boolean;
  filtered: boolean;
  program: ProgramSummary;
  onMore(cursor: string): void;
}) => {
  const roundTable = useRoundTable();
  const [{ data, error, fetching }] = useLiveQuery({ query: ApplicationsQuery, variables, topic: 'applicationsChanged' });
  const connection = data?.applications;
  const rows = connection?.edges.map((edge) => edge.node) ?? [];
  return (
    <tbody aria-busy={fetching && !data}>
      {first && connection ? (
        <tr className="table-count">
          <td colSpan={6} role="status">
            {connection.totalCount === 1 ? '1 application' : `${connection.totalCount} applications`}
            {filtered ? ' match these filters' : ''}
          </td>
        </tr>
      ) : null}
      <ChunkStatusRows columns={6} data={data} error={error} failed="The applications could not be loaded" loading="Loading applications…" />
      {first && connection && rows.length === 0 ? (
        <tr>
          <td colSpan={6} className="table-empty">
            {filtered ? (
              <EmptyState title="No application matches" icon={<ApplicationsIcon />}>
                <p>Try fewer filters or another search word.</p>
              </EmptyState>
            ) : (
              <EmptyState title="No applications yet" icon={<ApplicationsIcon />}>
                <p>
                  Applications arrive through the program’s <a href={publicFormPath(roundTable.id, program.programId)}>public application form</a>; share its
                  link from the dashboard.
                </p>
              </EmptyState>
            )}
          </td>
        </tr>
      ) : null}
      {rows.map((row) => (
        <ApplicationRow key={row.applicationId} row={row} labels={labels} />
      ))}
      {last ? <ShowMoreRow columns={6} pageInfo={connection?.pageInfo} pageSize={PAGE_SIZE} onMore={onMore} /> : null}
    </tbody>
  );
};

const ApplicationRow = ({ row, labels }: { row: ApplicationRowFragment; labels: Labels }) => {
  const roundTable = useRoundTable();
  return (
    <tr>
      <td data-label="Name">
        <Link to={`${sectionPath(roundTable.id, 'applications')}/${encodeURIComponent(row.applicationId)}`} className="row-title">
          {row.name}
        </Link>
        {row.affiliation ? <span className="row-sub">{row.affiliation}</span> : null}
      </td>
      <td data-label="Role">{row.role === 'mentor' ? 'Mentor' : 'Mentee'}</td>
      <td data-label="Career stage">{labels.stage(row.careerStage)}</td>
      <td data-label="Tier">{row.tier ?? '—'}</td>
      <td data-label="Status">
        <StatusBadge status={row.status} />
        {row.promotionSuggested ? <span className="row-sub">Promotion suggested</span> : null}
      </td>
      <td data-label="Submitted">{formatDate(row.submittedAt)}</td>
    </tr>
  );
};
