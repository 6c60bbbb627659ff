/**
 * Diagnostics that are not failures: a dropped subscription socket, a refused reconnect. They
 * go to `console.debug` (DevTools' "Verbose" level), never `console.error`: the page keeps
 * working by polling, and the browser tests count console errors as failures.
 */
export const quietLog = (message: string, detail?: unknown): void => {
  if (detail === undefined) console.debug(`[tandem] ${message}`);
  else console.debug(`[tandem] ${message}`, detail);
};
