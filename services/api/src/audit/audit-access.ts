import 'reflect-metadata';
import { decryptPersonal, type KeyStore } from '@tandem/domain';
import type { RecordedEvent } from '@tandem/eventstore';
import type { Role } from '../auth/account-store';
import { READERS } from '../commands/command';
import type { Viewer } from '../core/context';
import type { AuditEvent } from './audit.types';

/** Who may read a round table’s event history, one stream’s history, past states and the export. */
export const AUDITORS: readonly Role[] = ['admin', 'auditor'];

/**
 * Who sees personal data in the history in clear: the same roles that see names and emails in
 * the live read models (auditors included — checking who applied and what was decided about
 * them is their job). Everyone else would see `withheld`; an erased person reads as `erased`.
 */
export const PERSONAL_DATA_READERS: readonly Role[] = READERS;

export const seesPersonalData = (viewer: Viewer, tenant: string): boolean =>
  viewer.platformAdmin || viewer.roles.some((g) => g.tenant === tenant && PERSONAL_DATA_READERS.includes(g.role));

const personalView = async (event: RecordedEvent, keyStore: KeyStore, clear: boolean): Promise<unknown> => {
  if (event.personal === null || event.personal === undefined) return null;
  const personId = (event.personal as { personId?: unknown }).personId ?? null;
  if (!clear) return { personId, withheld: true };
  try {
    return await decryptPersonal(event, keyStore);
  } catch {
    return { personId, unreadable: true };
  }
};

export const toAuditEvent = async (event: RecordedEvent, keyStore: KeyStore, clear: boolean, programId: string | null): Promise<AuditEvent> => ({
  eventId: event.eventId,
  type: event.type,
  streamId: event.streamId,
  streamRevision: event.streamRevision,
  tenantSequence: event.tenantSequence,
  programId: programId ?? event.metadata.correlationKey ?? null,
  actor: event.metadata.actor,
  correlationId: event.metadata.correlationId,
  causationId: event.metadata.causationId,
  occurredAt: event.metadata.occurredAt,
  recordedAt: event.recordedAt,
  checkpoint: event.checkpoint,
  hash: event.hash,
  schemaVersion: event.metadata.schemaVersion,
  data: event.data,
  personal: await personalView(event, keyStore, clear),
});
