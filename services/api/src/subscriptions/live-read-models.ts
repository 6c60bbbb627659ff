import { applicationTable, type MatchBoard as BoardRows, matchBoard, matchBoardTable, matchRunTable, type ReadModels } from '@tandem/projections';
import { asApplication, dashboardWithStatuses } from '../read/read.resolver';
import type { Application, Dashboard, MatchBoard } from '../read/read.types';

/** The match board as the live `matchBoard` query returns it: entries, capacity and runs, newest run first. */
export const boardWithRuns = (board: BoardRows, runs: { requestedAt: string }[]): MatchBoard =>
  ({
    ...(board as unknown as MatchBoard),
    runs: [...runs].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt)) as unknown as MatchBoard['runs'],
  }) as MatchBoard;

export const liveMatchBoard = async (db: ReadModels, tenant: string, programId: string): Promise<MatchBoard> => {
  const [board, runs] = await Promise.all([
    matchBoard(db, tenant, programId),
    db.rows(matchRunTable, { where: '"tenant" = ? and "program_id" = ?', params: [tenant, programId] }),
  ]);
  return boardWithRuns(board, runs as unknown as { requestedAt: string }[]);
};

export const liveDashboard = (db: ReadModels, tenant: string, programId: string): Promise<Dashboard> => dashboardWithStatuses(db, tenant, programId);

/** The current rows of some applications of a program, in submission order. */
export const liveApplications = async (db: ReadModels, tenant: string, programId: string, ids: readonly string[]): Promise<Application[]> => {
  if (ids.length === 0) return [];
  const rows = (await db.rows(applicationTable, {
    where: `"tenant" = ? and "program_id" = ? and "application_id" in (${ids.map(() => '?').join(', ')})`,
    params: [tenant, programId, ...ids],
  })) as unknown as Application[];
  return rows.map((r) => asApplication(r)).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.applicationId.localeCompare(b.applicationId));
};

/**
 * The applications of some pairs (from their match-board entries): a pair's end names only the
 * pair, and it changes both applications (matched, then eligible again).
 */
export const applicationsOfPairs = async (db: ReadModels, tenant: string, pairIds: readonly string[]): Promise<string[]> => {
  if (pairIds.length === 0) return [];
  const rows = await db.rows(matchBoardTable, {
    where: `"tenant" = ? and "entry_id" in (${pairIds.map(() => '?').join(', ')})`,
    params: [tenant, ...pairIds],
  });
  return rows.flatMap((r) => [r.mentorApplicationId as string, r.menteeApplicationId as string]);
};
