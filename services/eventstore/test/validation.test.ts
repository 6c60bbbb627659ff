import { describe, expect, it } from 'vitest';
import { EventStoreValidationError } from '../src/core/errors';
import { canonicalMetadata } from '../src/core/hash';
import type { EventMetadata, NewEvent } from '../src/core/types';
import { serializeEvents } from '../src/core/validation';

const metadata = (changes: Partial<EventMetadata> = {}): EventMetadata => ({
  tenant: 'vrt',
  actor: 'committee:chair',
  correlationId: 'c-1',
  causationId: null,
  occurredAt: '2026-11-29T10:00:00.000Z',
  schemaVersion: 1,
  correlationKey: 'vrt-program-2026',
  ...changes,
});
const event = (m: unknown): NewEvent => ({ type: 'ApplicationSubmitted', data: { role: 'mentee' }, metadata: m as EventMetadata });

describe('serializing the events of one append', () => {
  it('gives events with equal metadata, one object or copies, the same canonical text', () => {
    const shared = metadata();
    const events = serializeEvents('vrt/application-1', [event(shared), event(shared), event(metadata()), event(metadata({ actor: 'person:ada' }))]);
    expect(events.map((e) => e.metadata)).toEqual([
      canonicalMetadata(shared),
      canonicalMetadata(shared),
      canonicalMetadata(shared),
      canonicalMetadata(metadata({ actor: 'person:ada' })),
    ]);
    expect(events[3]?.metadataObject.actor).toBe('person:ada');
  });

  it('checks the metadata of every event that differs from the one before, wherever it stands', () => {
    const good = metadata();
    const bad: [string, unknown][] = [
      ['occurredAt', metadata({ occurredAt: 'yesterday' })],
      ['tenant', metadata({ tenant: 'lrrt' })],
      ['actor', metadata({ actor: '' })],
      ['schemaVersion', metadata({ schemaVersion: 0 })],
      ['causationId', { ...good, causationId: 7 }],
      ['correlationKey', { ...good, correlationKey: 7 }],
      ['missing', null],
    ];
    for (const [field, m] of bad) {
      const attempt = () => serializeEvents('vrt/application-1', [event(good), event(good), event(m), event(good)]);
      expect(attempt, field).toThrow(EventStoreValidationError);
      expect(attempt, field).toThrow(/event 2 of the append/);
    }
  });
});
