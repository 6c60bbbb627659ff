export { ENGINE_VERSION } from './canonical';
export { checkCounterfactual, inputsDigest, isMatchable, outputDigest, runMatching } from './engine';
export { MatchingInputError } from './errors';
export { renderReport } from './report';
export { scorePair } from './scoring';
export * from './types';
