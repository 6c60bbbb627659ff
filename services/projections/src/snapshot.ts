import { keyString, type Row, type RowOf, type TableDef } from './core/table';
import {
  applicationTable,
  auditEventTable,
  checkInComplianceTable,
  checkInTable,
  completionTable,
  dashboardCounterTable,
  matchBoardTable,
  matchRunTable,
  mentorCapacityTable,
  outputTable,
  programTable,
} from './read-models/index';

/** One program's read models: what the live tables hold, or what they held at a past moment. */
export interface ProgramSnapshot {
  program: RowOf<typeof programTable> | null;
  applications: RowOf<typeof applicationTable>[];
  matchRuns: RowOf<typeof matchRunTable>[];
  matchBoard: RowOf<typeof matchBoardTable>[];
  mentorCapacity: RowOf<typeof mentorCapacityTable>[];
  completions: RowOf<typeof completionTable>[];
  checkIns: RowOf<typeof checkInTable>[];
  checkInCompliance: RowOf<typeof checkInComplianceTable>[];
  outputs: RowOf<typeof outputTable>[];
  counters: RowOf<typeof dashboardCounterTable>[];
  audit: RowOf<typeof auditEventTable>[];
}

/** The program-scoped tables and where each goes in a snapshot. */
export const snapshotTables = {
  applications: applicationTable,
  matchRuns: matchRunTable,
  matchBoard: matchBoardTable,
  mentorCapacity: mentorCapacityTable,
  completions: completionTable,
  checkIns: checkInTable,
  checkInCompliance: checkInComplianceTable,
  outputs: outputTable,
  counters: dashboardCounterTable,
  audit: auditEventTable,
} as const;

/** Both snapshot sources sort rows the same way (not by database collation). */
export const sortRows = <R extends Row>(table: TableDef, rows: R[]): R[] => {
  // Each key built once, not twice per comparison.
  const keyed = rows.map((row) => ({ key: keyString(table, row), row }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 0; i < keyed.length; i++) rows[i] = (keyed[i] as { row: R }).row;
  return rows;
};

/**
 * Assembles a snapshot from a function that lists a table's rows of the program; with `sorted`,
 * that function already returns them in key order (see sortRows).
 */
export const assembleSnapshot = async (rowsOf: (table: TableDef) => Promise<Row[]> | Row[], sorted = false): Promise<ProgramSnapshot> => {
  const [program] = await rowsOf(programTable);
  const snapshot = { program: (program as RowOf<typeof programTable> | undefined) ?? null } as ProgramSnapshot;
  for (const [field, table] of Object.entries(snapshotTables)) {
    const rows = await rowsOf(table);
    (snapshot as unknown as Record<string, Row[]>)[field] = sorted ? rows : sortRows(table, [...rows]);
  }
  return snapshot;
};

export interface Dashboard {
  applications: number;
  applicationsPerWeek: { week: string; applications: number }[];
  mentorApplications: number;
  menteeApplications: number;
  /** Mentees eligible or waitlisted. */
  menteePool: number;
  pairsProposed: number;
  pairsConfirmed: number;
  pairsEnded: number;
  /** Confirmed pairs per mentee in the pool (0 when the pool is empty). */
  matchRate: number;
  checkInCompliance: { quarter: string; scheduled: number; held: number; missed: number; rate: number | null }[];
}

/** The dashboard figures of a snapshot (live or as of a moment). */
export const dashboardOf = (snapshot: Pick<ProgramSnapshot, 'counters' | 'checkInCompliance'>): Dashboard => {
  const total = (metric: string) => snapshot.counters.find((c) => c.metric === metric && c.period === 'total')?.value ?? 0;
  const pool = total('menteePool');
  return {
    applications: total('applications'),
    applicationsPerWeek: snapshot.counters
      .filter((c) => c.metric === 'applications' && c.period !== 'total')
      .map((c) => ({ week: c.period, applications: c.value }))
      .sort((a, b) => (a.week < b.week ? -1 : 1)),
    mentorApplications: total('mentorApplications'),
    menteeApplications: total('menteeApplications'),
    menteePool: pool,
    pairsProposed: total('pairsProposed'),
    pairsConfirmed: total('pairsConfirmed'),
    pairsEnded: total('pairsEnded'),
    matchRate: pool === 0 ? 0 : total('pairsConfirmed') / pool,
    checkInCompliance: snapshot.checkInCompliance
      .map((c) => ({
        quarter: c.quarter,
        scheduled: c.scheduled,
        held: c.held,
        missed: c.missed,
        rate: c.held + c.missed === 0 ? null : c.held / (c.held + c.missed),
      }))
      .sort((a, b) => (a.quarter < b.quarter ? -1 : 1)),
  };
};
