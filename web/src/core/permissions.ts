import type { Viewer } from '../auth/session';

const ACTING = new Set(['admin', 'coordinator', 'committee']);

/** Committee work (screening, matching decisions): anyone but a pure auditor. The API checks again. */
export const mayAct = (viewer: Viewer, tenant: string): boolean =>
  viewer.platformAdmin || viewer.roles.some((role) => role.tenant === tenant && ACTING.has(role.role));

const holds = (viewer: Viewer, tenant: string, roles: readonly string[]): boolean =>
  viewer.platformAdmin || viewer.roles.some((role) => role.tenant === tenant && roles.includes(role.role));

/** The event history, past states, chain verification and the export: admins and auditors. */
export const mayAudit = (viewer: Viewer, tenant: string): boolean => holds(viewer, tenant, ['admin', 'auditor']);

/**
 * The program lifecycle (draft, application window, start, completion), the program templates, and
 * pairs' completions and recognition: admins and coordinators.
 */
export const mayCoordinate = (viewer: Viewer, tenant: string): boolean => holds(viewer, tenant, ['admin', 'coordinator']);

/** The round table's profile and committee: its admins. */
export const mayAdminister = (viewer: Viewer, tenant: string): boolean => holds(viewer, tenant, ['admin']);
