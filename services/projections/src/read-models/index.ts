import type { Projection } from '../core/projection';
import type { TableDef } from '../core/table';
import { applicationProjection } from './application.projection';
import { auditProjection } from './audit.projection';
import { dashboardProjection } from './dashboard.projection';
import { matchBoardProjection } from './match-board.projection';
import { pairProjection } from './pair.projection';
import { programProjection } from './program.projection';
import { roundTableProjection } from './roundtable.projection';

export * from './application.projection';
export * from './audit.projection';
export * from './dashboard.projection';
export { ERASED, isoWeek, quarterOf } from './helpers';
export * from './match-board.projection';
export * from './pair.projection';
export * from './program.projection';
export * from './roundtable.projection';

/** Every projection, in the order their changes to one event are applied. */
export const projections: readonly Projection[] = [
  roundTableProjection,
  programProjection,
  applicationProjection,
  matchBoardProjection,
  pairProjection,
  dashboardProjection,
  auditProjection,
];

/** Every read-model table. */
export const readModelTables: readonly TableDef[] = projections.flatMap((p) => p.tables);
