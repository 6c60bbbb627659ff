/** The input or parameters of a match run break a rule; the message says what to change. */
export class MatchingInputError extends Error {
  readonly code = 'VALIDATION' as const;

  constructor(message: string) {
    super(message);
    this.name = 'MatchingInputError';
  }
}
