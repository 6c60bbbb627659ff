import type { ExpectedRevision } from './types';

/** Base of every error the event store raises on purpose; `code` is stable. */
export class EventStoreError extends Error {
  constructor(
    readonly code: 'CONFLICT' | 'VALIDATION' | 'UNSUPPORTED',
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream was not at the expected revision: reload, decide again, retry. */
export class ConcurrencyError extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | null,
  ) {
    super(
      'CONFLICT',
      `stream ${streamId} is at ${actual === null ? 'no stream' : `revision ${actual}`}, expected ${
        typeof expected === 'number' ? `revision ${expected}` : expected
      }; reload it and try again`,
    );
  }
}

/** The append was malformed; nothing was written. */
export class EventStoreValidationError extends EventStoreError {
  constructor(message: string) {
    super('VALIDATION', message);
  }
}

export class UnsupportedOperationError extends EventStoreError {
  constructor(message: string) {
    super('UNSUPPORTED', message);
  }
}
