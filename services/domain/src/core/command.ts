/**
 * What every command carries besides its data. Time, ids and the acting user arrive here, so
 * deciders never read the clock or draw random numbers.
 */
export interface CommandMetadata {
  /** The round table (tenant) the command is addressed to. */
  tenant: string;
  /** The user id of who acts, `system` for reactors, `public` for anonymous applicants. */
  actor: string;
  /** When the command happened in the domain (ISO 8601). */
  occurredAt: string;
  /**
   * Unique per logical request: a retried request carries the same key, and its events get the
   * same ids, so it never doubles events.
   */
  idempotencyKey: string;
  /** The request or workflow every resulting event shares. */
  correlationId: string;
  /** The event or command that caused this command (a reactor passes the event id). */
  causationId: string | null;
}

export interface Command<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}
