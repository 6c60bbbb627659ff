import { describe, expect, it } from 'vitest';
import { canonicalMetadata, chainHash, GENESIS_HASH } from '../src/core/hash';

describe('chain hash', () => {
  it('is the SHA-256 of the link’s stored texts joined by newlines, so chains already stored still verify', () => {
    const metadata = canonicalMetadata({
      tenant: 'vrt',
      actor: 'committee:chair',
      correlationId: 'c-1',
      causationId: null,
      occurredAt: '2026-11-29T10:00:00.000Z',
      schemaVersion: 1,
      correlationKey: 'vrt-program-2026',
    });
    const link = {
      eventId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      type: 'ApplicationSubmitted',
      streamId: 'vrt/application-0190a1b2',
      streamRevision: 0,
      tenantSequence: 1,
      metadata,
      data: '{"role":"mentee","note":"é"}',
      personal: null,
    };
    // Pinned with coreutils: printf '%s\n' <the first eight texts> | sha256sum (the ninth, personal, is empty)
    expect(chainHash(GENESIS_HASH, link)).toBe('6294adcb792d7da7892d6a9325352eacc0f416a6531f29c54d2fcd9c271f86d6');
    expect(chainHash(GENESIS_HASH, { ...link, personal: '{"email":"a@example.org"}' })).not.toBe(chainHash(GENESIS_HASH, link));
  });
});
