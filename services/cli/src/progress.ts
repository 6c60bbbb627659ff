import cliProgress from 'cli-progress';

/**
 * Times for every progress bar: cli-progress gives its time formatter the string "NULL" when no
 * progress was seen between two updates (a last update at 100%), and the default prints that as
 * "LLs". A time it cannot estimate shows as a dash.
 */
export const formatTime: cliProgress.TimeFormatter = (t, options, roundToMultipleOf) =>
  typeof t === 'number' && Number.isFinite(t) ? cliProgress.Format.TimeFormat(t, options, roundToMultipleOf) : '—';
