export { maxCheckpoint } from './core/checkpoint';
export * from './core/errors';
export { type ChainLink, canonicalMetadata, chainHash, GENESIS_HASH } from './core/hash';
export * from './core/types';
export { MAX_EVENT_BYTES, MAX_EVENTS_PER_APPEND, type ParsedStreamId, parseStreamId, STREAM_ID_PATTERN } from './core/validation';
export {
  type ChainCursor,
  type ChainPlace,
  type ChainProblem,
  type ChainReader,
  type ChainVerification,
  type StoredChainLink,
  type VerifyOptions,
  verifyTenantChain,
} from './core/verify';
export { defaultEventStoreUrl, openEventStore } from './factory';
