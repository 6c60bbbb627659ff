import type { Lookup, ProjectionEvent } from '../core/projection';
import { defineProjection } from '../core/projection';
import { defineTable, type RowChange } from '../core/table';
import { applicationTable } from './application.projection';
import { isoWeek, programIdOf } from './helpers';
import { matchBoardTable } from './match-board.projection';

/**
 * Counters per program: `applications` per ISO week (period `2026-W09`) and in total, the mentee
 * pool (eligible or waitlisted mentees) and confirmed pairs, from which the match rate follows.
 */
export const dashboardCounterTable = defineTable({
  name: 'dashboard_counter',
  columns: { tenant: 'text', programId: 'text', metric: 'text', period: 'text', value: 'int' },
  key: ['tenant', 'programId', 'metric', 'period'],
  programScoped: true,
});

const counter = (e: ProjectionEvent<unknown>, programId: string, metric: string, period: string, by: number): RowChange => ({
  table: dashboardCounterTable,
  op: 'increment',
  key: { tenant: e.metadata.tenant, programId, metric, period },
  values: { value: by },
});

const inPool = (status: string) => status === 'eligible' || status === 'waitlisted';

/** Moves a mentee in or out of the pool when their status changes. */
const poolChange =
  (next: (e: ProjectionEvent<never>) => string) =>
  (e: ProjectionEvent<{ applicationId: string }>, lookup: Lookup): RowChange[] => {
    const app = lookup.get(applicationTable, { tenant: e.metadata.tenant, applicationId: e.data.applicationId });
    if (app?.role !== 'mentee') return [];
    const delta = (inPool(next(e as ProjectionEvent<never>)) ? 1 : 0) - (inPool(app.status as string) ? 1 : 0);
    return delta === 0 ? [] : [counter(e, app.programId as string, 'menteePool', 'total', delta)];
  };

const pairStatus = (e: ProjectionEvent<{ pairId: string }>, lookup: Lookup) =>
  lookup.get(matchBoardTable, { tenant: e.metadata.tenant, entryId: e.data.pairId }) ?? null;

export const dashboardProjection = defineProjection({
  name: 'dashboard',
  tables: [dashboardCounterTable],
  handlers: {
    ApplicationSubmitted: (e) => {
      const programId = programIdOf(e) ?? e.data.programId;
      return [
        counter(e, programId, 'applications', isoWeek(e.data.submittedAt), 1),
        counter(e, programId, 'applications', 'total', 1),
        counter(e, programId, e.data.role === 'mentor' ? 'mentorApplications' : 'menteeApplications', 'total', 1),
      ];
    },
    ApplicationScreened: poolChange((e) => (e as ProjectionEvent<{ outcome: string }>).data.outcome),
    ApplicationWithdrawn: poolChange(() => 'withdrawn'),
    ApplicationWaitlisted: poolChange(() => 'waitlisted'),
    ApplicationPromoted: poolChange(() => 'eligible'),
    ApplicationAmended: (e, lookup) => (e.data.rescreen ? poolChange(() => 'submitted')(e, lookup) : []),
    PairProposed: (e) => [counter(e, programIdOf(e) ?? '', 'pairsProposed', 'total', 1)],
    PairFixed: (e) => [counter(e, programIdOf(e) ?? '', 'pairsProposed', 'total', 1)],
    PairConfirmed: (e, lookup) => {
      const pair = pairStatus(e, lookup);
      return pair?.status === 'proposed' ? [counter(e, pair.programId as string, 'pairsConfirmed', 'total', 1)] : [];
    },
    PairEnded: (e, lookup) => {
      const pair = pairStatus(e, lookup);
      return pair?.status === 'confirmed'
        ? [counter(e, pair.programId as string, 'pairsConfirmed', 'total', -1), counter(e, pair.programId as string, 'pairsEnded', 'total', 1)]
        : [];
    },
  },
});
