/** The stable codes the API maps to GraphQL `extensions.code`. */
export type DomainErrorCode = 'VALIDATION' | 'ILLEGAL_STATE' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN';

/**
 * Base of every error the domain raises on purpose. The message is written for a committee
 * member: it says what to change. `rule` names the template rule or invariant that decided.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly rule: string | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command's input breaks a rule of its shape or of the template (a missing answer, a bad date). */
export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly issues: readonly string[] = [message],
    rule: string | null = null,
  ) {
    super('VALIDATION', message, rule);
  }
}

/** The command is well-formed but the record's state forbids it now (window closed, capacity taken). */
export class IllegalStateError extends DomainError {
  constructor(message: string, rule: string | null = null) {
    super('ILLEGAL_STATE', message, rule);
  }
}

/** The record the command names does not exist (in this tenant and program). */
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

/** Someone else changed the record meanwhile and retrying did not help, or an id is taken. */
export class ConflictError extends DomainError {
  constructor(message: string, rule: string | null = null) {
    super('CONFLICT', message, rule);
  }
}

/** The actor may not do this (another tenant's record, a public user doing committee work). */
export class ForbiddenError extends DomainError {
  constructor(message: string, rule: string | null = null) {
    super('FORBIDDEN', message, rule);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
