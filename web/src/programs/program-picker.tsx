import { type ReactNode, useId, useSyncExternalStore } from 'react';
import { PAGE_SIZE, usePagedQuery } from '../core/paging';
import type { ProgramsQuery as ProgramsQueryType } from '../gql/graphql';
import { EmptyState } from '../shell/empty-state';
import { useRoundTable } from '../shell/round-table-context';
import { ProgramsQuery } from './program.documents';

export type ProgramSummary = ProgramsQueryType['programs']['edges'][number]['node'];

/** Every program of the round table, the last drafted first. */
export const usePrograms = (tenant: string) => {
  const [{ nodes, data, fetching, error }] = usePagedQuery({ query: ProgramsQuery, variables: { tenant, first: PAGE_SIZE }, list: (d) => d.programs });
  return { programs: nodes, fetching: fetching && !data, error: error ? error.message : null };
};

const keyOf = (tenant: string) => `tandem.program.${tenant}`;
const CHANGED = 'tandem:program';

const read = (tenant: string): string | null => {
  try {
    return localStorage.getItem(keyOf(tenant));
  } catch {
    return null;
  }
};

/** Remembers the program last chosen in a round table (per browser), and tells every picker. */
export const rememberProgram = (tenant: string, programId: string) => {
  try {
    localStorage.setItem(keyOf(tenant), programId);
  } catch {
    // Storage can be off; the choice then lasts until the page reloads.
  }
  memory.set(tenant, programId);
  window.dispatchEvent(new Event(CHANGED));
};

const memory = new Map<string, string>();
const subscribe = (listener: () => void) => {
  window.addEventListener(CHANGED, listener);
  window.addEventListener('storage', listener);
  return () => {
    window.removeEventListener(CHANGED, listener);
    window.removeEventListener('storage', listener);
  };
};

const STATUS_ORDER: Record<string, number> = { open: 0, started: 1, closed: 2, drafted: 3, completed: 4 };

export interface ProgramChoice {
  programs: ProgramSummary[];
  program: ProgramSummary | null;
  fetching: boolean;
  error: string | null;
  choose(programId: string): void;
}

/**
 * The round table's programs and the one the pages work on: the last choice in this round
 * table, else the open (or most recent) program.
 */
export const useProgramChoice = (): ProgramChoice => {
  const roundTable = useRoundTable();
  const { programs: listed, fetching, error } = usePrograms(roundTable.id);
  const remembered = useSyncExternalStore(
    subscribe,
    () => memory.get(roundTable.id) ?? read(roundTable.id),
    () => null,
  );
  const programs = [...listed].sort((a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) || b.programId.localeCompare(a.programId));
  const program = programs.find((p) => p.programId === remembered) ?? programs[0] ?? null;
  return {
    programs,
    program,
    fetching,
    error,
    choose: (programId) => rememberProgram(roundTable.id, programId),
  };
};

const STATUS_LABELS: Record<string, string> = {
  drafted: 'draft',
  open: 'applications open',
  closed: 'applications closed',
  started: 'running',
  completed: 'completed',
};
export const programStatusLabel = (status: string) => STATUS_LABELS[status] ?? status;

/** A select of the round table's programs; hidden when there is only one (its title shows instead). */
export const ProgramPicker = ({ choice }: { choice: ProgramChoice }) => {
  const id = useId();
  const { programs, program } = choice;
  if (!program) return null;
  if (programs.length === 1)
    return (
      <p className="program-current">
        <span className="program-current-label">Program</span> <span data-testid="current-program">{program.title}</span>{' '}
        <span className="badge">{programStatusLabel(program.status)}</span>
      </p>
    );
  return (
    <div className="program-picker">
      <label htmlFor={id}>Program</label>
      <select id={id} value={program.programId} onChange={(event) => choice.choose(event.target.value)}>
        {programs.map((p) => (
          <option key={p.programId} value={p.programId}>
            {p.title} ({programStatusLabel(p.status)})
          </option>
        ))}
      </select>
    </div>
  );
};

/** Loading, error and "no program yet" for pages that need a program; otherwise the page. */
export const ProgramGate = ({ choice, children }: { choice: ProgramChoice; children: (program: ProgramSummary) => ReactNode }) => {
  if (choice.error)
    return (
      <p className="form-error" role="alert">
        The programs could not be loaded: {choice.error}
      </p>
    );
  if (choice.fetching)
    return (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading programs…
      </p>
    );
  if (!choice.program)
    return (
      <EmptyState title="No program yet">
        <p>
          This round table has no program cycle yet. A coordinator drafts one from a program template and opens its application window; its figures,
          applications and matching appear here.
        </p>
      </EmptyState>
    );
  return <>{children(choice.program)}</>;
};
