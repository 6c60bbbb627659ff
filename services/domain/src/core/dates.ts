import { ValidationError } from './errors';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks an ISO calendar date (YYYY-MM-DD) and returns it. */
export const isoDate = (value: string, what: string): string => {
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new ValidationError(`${what} "${String(value)}" is not a date: write it as YYYY-MM-DD, e.g. 2026-06-25`);
  }
  return value;
};

/** Checks an ISO 8601 timestamp and returns it. */
export const isoTimestamp = (value: string, what: string): string => {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw new ValidationError(`${what} "${String(value)}" is not a timestamp: use ISO 8601, e.g. 2026-03-01T12:00:00Z`);
  }
  return value;
};

/** The calendar date (UTC) of a timestamp. */
export const dateOf = (timestamp: string): string => new Date(timestamp).toISOString().slice(0, 10);

/** Adds whole months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export const addMonths = (date: string, months: number): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
};

export const addDays = (date: string, days: number): string => {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
};

/** Compares two timestamps or dates by time. */
export const isBefore = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);
