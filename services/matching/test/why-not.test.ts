import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCounterfactual, isMatchable, runMatching } from '../src/index';
import { params, smallInput } from './support/arbitraries';
import { generateInstance } from './support/generate';
import { oracleMatchable } from './support/oracle';

describe('every "why not" passes its counterfactual', () => {
  it('relaxing the stated reasons makes the mentee matchable (brute force oracle)', () => {
    fc.assert(
      fc.property(smallInput(6, 3), params, (input, p) => {
        const result = runMatching(input, p);
        for (const u of result.unmatched) {
          expect(u.reasons.length).toBeGreaterThan(0);
          if (u.reasons[0]?.code === 'no-mentors') {
            expect(input.mentors).toHaveLength(0);
            continue;
          }
          expect(oracleMatchable(input, p, u.menteeId, u.reasons)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the engine agrees with the oracle on what is matchable', () => {
    fc.assert(
      fc.property(smallInput(6, 3), params, (input, p) => {
        const result = runMatching(input, p);
        for (const u of result.unmatched) {
          if (u.reasons[0]?.code === 'no-mentors') continue;
          expect(checkCounterfactual(input, p, u.menteeId, u.reasons)).toBe(oracleMatchable(input, p, u.menteeId, u.reasons));
          expect(isMatchable(input, p, u.menteeId)).toBe(oracleMatchable(input, p, u.menteeId, []));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('holds on generated pools of a few hundred applicants, for every unmatched mentee', () => {
    for (const [seed, tiers, objective, required] of [
      [1, true, 'score', []],
      [2, false, 'coverage', ['methodology']],
      [3, true, 'coverage', ['support']],
    ] as const) {
      const { input, params: p } = generateInstance({ mentees: 120, mentors: 30, seed, fixed: 5 });
      const run = { ...p, tiers, objective, required: [...required] };
      const result = runMatching(input, run);
      expect(result.unmatched.length).toBeGreaterThan(0);
      for (const u of result.unmatched) {
        expect(checkCounterfactual(input, run, u.menteeId, u.reasons), `${u.menteeId}: ${u.text}`).toBe(true);
      }
    }
  });
});
