import type { Viewer } from '../auth/session';

const ACTING = new Set(['admin', 'coordinator', 'committee']);

/** Committee work (screening, matching decisions): anyone but a pure auditor. The API checks again. */
export const mayAct = (viewer: Viewer, tenant: string): boolean =>
  viewer.platformAdmin || viewer.roles.some((role) => role.tenant === tenant && ACTING.has(role.role));
