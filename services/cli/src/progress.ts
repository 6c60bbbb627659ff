import cliProgress from 'cli-progress';

/**
 * Times for every progress bar: cli-progress gives its time formatter the string "NULL" when no
 * progress was seen between two updates (a last update at 100%), and the default prints that as
 * "LLs". A time it cannot estimate shows as a dash.
 */
export const formatTime: cliProgress.TimeFormatter = (t, options, roundToMultipleOf) =>
  typeof t === 'number' && Number.isFinite(t) ? cliProgress.Format.TimeFormat(t, options, roundToMultipleOf) : '—';

/** A count as people read it: 1,000,090. */
export const count = (n: number): string => Math.round(n).toLocaleString('en');

/** How long work took: milliseconds under a second ("40 ms", not "0.0 s"), else seconds. */
export const duration = (seconds: number): string => (seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(1)} s`);

/** Counts in every progress bar as people read them (1,000,090 events); the rest as cli-progress writes it. */
export const formatValue: cliProgress.ValueFormatter = (value, options, type) =>
  type === 'value' || type === 'total' ? count(value) : cliProgress.Format.ValueFormat(value, options, type);

/**
 * A progress bar of events on standard error, in the classic style, with the formatters above:
 * every command's bar counts and times the same way. `options` adds to or overrides these.
 */
export const eventBar = (format: string, options: cliProgress.Options = {}): cliProgress.SingleBar =>
  new cliProgress.SingleBar({ stream: process.stderr, format, hideCursor: true, formatTime, formatValue, ...options }, cliProgress.Presets.shades_classic);
