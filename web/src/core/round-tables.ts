import type { Viewer } from '../auth/session';

export interface RoundTable {
  id: string;
  name: string;
  short: string;
}

/**
 * The round tables the portal knows by name. The API has no round-table query yet;
 * when it does, names come from there and this list becomes the fallback.
 */
const KNOWN: Record<string, RoundTable> = {
  vrt: { id: 'vrt', name: 'Video Round Table', short: 'VRT' },
  lrrt: { id: 'lrrt', name: 'Library Research Round Table', short: 'LRRT' },
};

export const roundTable = (id: string): RoundTable => KNOWN[id] ?? { id, name: id.toUpperCase(), short: id.toUpperCase() };

/** The round tables a person may open: those they hold a role in; every known one for platform admins. */
export const roundTablesOf = (viewer: Viewer): RoundTable[] => {
  const ids = new Set(viewer.roles.map((role) => role.tenant));
  if (viewer.platformAdmin) for (const id of Object.keys(KNOWN)) ids.add(id);
  return [...ids].map(roundTable);
};

const ROLE_LABELS: Record<string, string> = { admin: 'Admin', coordinator: 'Coordinator', committee: 'Committee member', auditor: 'Auditor' };

/** "Coordinator", "Admin, Auditor", or "Platform admin" for a platform admin without a role here. */
export const rolesIn = (viewer: Viewer, tenant: string): string => {
  const labels = viewer.roles.filter((role) => role.tenant === tenant).map((role) => ROLE_LABELS[role.role] ?? role.role);
  if (labels.length === 0 && viewer.platformAdmin) return 'Platform admin';
  return labels.join(', ');
};

const LAST_KEY = 'tandem.roundTable';

/** Remembers the round table last opened, so the next visit starts there. */
export const rememberRoundTable = (id: string): void => {
  try {
    localStorage.setItem(LAST_KEY, id);
  } catch {
    // Storage can be off (private modes); starting at the first round table is fine.
  }
};

/** Where a signed-in person starts: the round table they last opened, else their first. */
export const homeRoundTable = (viewer: Viewer): RoundTable | null => {
  let last: string | null = null;
  try {
    last = localStorage.getItem(LAST_KEY);
  } catch {
    last = null;
  }
  const options = roundTablesOf(viewer);
  return options.find((option) => option.id === last) ?? options[0] ?? null;
};

export const mayOpen = (viewer: Viewer, tenant: string): boolean => viewer.platformAdmin || viewer.roles.some((role) => role.tenant === tenant);
