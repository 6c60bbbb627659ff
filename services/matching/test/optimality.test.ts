import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runMatching } from '../src/index';
import { params, smallInput } from './support/arbitraries';
import { bestVector, oraclePool, vectorOfProposals } from './support/oracle';

describe('the assignment is optimal', () => {
  it('matches brute force on every small pool: tiers first, then coverage or score', () => {
    fc.assert(
      fc.property(smallInput(6, 3), params, (input, p) => {
        const result = runMatching(input, p);
        const pool = oraclePool(input, p);
        const best = bestVector(pool, p);
        expect(vectorOfProposals(pool, p, result.proposals)).toEqual(best);
      }),
      { numRuns: 400 },
    );
  });

  it('matches brute force when places outnumber mentees', () => {
    fc.assert(
      fc.property(smallInput(4, 4), params, (input, p) => {
        const result = runMatching(input, p);
        const pool = oraclePool(input, p);
        expect(vectorOfProposals(pool, p, result.proposals)).toEqual(bestVector(pool, p));
      }),
      { numRuns: 200 },
    );
  });
});
