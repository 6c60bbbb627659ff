import { EventStoreError } from '@tandem/eventstore';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The stable `extensions.code` values clients may rely on. */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'VALIDATION' | 'ILLEGAL_STATE' | 'CONFLICT' | 'RATE_LIMITED' | 'INTERNAL_SERVER_ERROR';

export const apiError = (code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError =>
  new GraphQLError(message, { extensions: { code, ...extra } });

export const unauthenticated = () => apiError('UNAUTHENTICATED', 'sign in first: send "Authorization: Bearer <access token>"');
export const forbidden = (what: string) => apiError('FORBIDDEN', what);
export const notFound = (what: string) => apiError('NOT_FOUND', what);

const DOMAIN_CODES = new Set(['VALIDATION', 'ILLEGAL_STATE', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN']);

/**
 * One place maps every error to what a client sees: domain and event-store errors keep their
 * code and message (written for the user); anything unexpected is masked in production.
 */
export const formatError =
  (production: boolean, log: (error: unknown) => void) =>
  (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = (error as { originalError?: unknown })?.originalError ?? error;
    const code = formatted.extensions?.code;
    if (original && typeof original === 'object' && 'code' in original && typeof original.code === 'string' && DOMAIN_CODES.has(original.code)) {
      const rule = (original as { rule?: unknown }).rule;
      const issues = (original as { issues?: unknown }).issues;
      return {
        message: (original as unknown as Error).message,
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: original.code, ...(rule ? { rule } : {}), ...(Array.isArray(issues) ? { issues } : {}) },
      };
    }
    if (original instanceof EventStoreError) {
      return { ...formatted, message: original.message, extensions: { code: original.code === 'CONFLICT' ? 'CONFLICT' : 'VALIDATION' } };
    }
    if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
      log(original);
      if (production) return { message: 'something went wrong on our side; it has been logged', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return formatted;
  };
