import type { ProjectionEvent } from '../core/projection';

/** What read models show where a person's data was erased (their key is gone). */
export const ERASED = '(erased)';

/** The program an event belongs to: the indexed correlation key, else the program stream's id. */
export const programIdOf = (e: ProjectionEvent<unknown>): string | null => {
  if (e.metadata.correlationKey) return e.metadata.correlationKey;
  const match = /\/program-(.+)$/.exec(e.streamId);
  return match ? (match[1] as string) : null;
};

/** The decrypted fields of the personal part; `erased` when the key is gone; null without one. */
export const personalOf = (e: ProjectionEvent<unknown>): Record<string, unknown> | 'erased' | null => {
  if (!e.personal) return null;
  return 'erased' in e.personal ? 'erased' : e.personal.fields;
};

/** ISO 8601 week of a date or timestamp, e.g. `2026-W09`. */
export const isoWeek = (when: string): string => {
  const d = new Date(`${when.slice(0, 10)}T00:00:00Z`);
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const year = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
};

/** Calendar quarter of a date, e.g. `2026-Q3`. */
export const quarterOf = (date: string): string => `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;

export const str = (v: unknown): string | null => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));
