import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalInput, canonicalJson } from '../src/canonical';
import { inputsDigest, type MatchingInput, MatchingInputError, type MatchingParams, outputDigest, runMatching } from '../src/index';
import { generateInstance, prng } from './support/generate';

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let k = out.length - 1; k > 0; k--) {
    const r = Math.floor(random() * (k + 1));
    [out[k], out[r]] = [out[r] as T, out[k] as T];
  }
  return out;
}

/** The same pool listed in another order, every list included. */
function permuted(input: MatchingInput, seed: number): MatchingInput {
  const random = prng(seed);
  const lists = <T extends object>(x: T): T => {
    const copy: Record<string, unknown> = { ...(x as Record<string, unknown>) };
    for (const [key, value] of Object.entries(copy)) if (Array.isArray(value)) copy[key] = shuffled(value, random);
    return copy as T;
  };
  return {
    mentees: shuffled(input.mentees, random).map(lists),
    mentors: shuffled(input.mentors, random).map(lists),
    forbiddenPairs: shuffled(input.forbiddenPairs ?? [], random),
    fixedPairs: shuffled(input.fixedPairs ?? [], random),
  };
}

describe('a run is deterministic and replayable', () => {
  it('gives the same result, byte for byte, for the same input', () => {
    const { input, params } = generateInstance({ mentees: 300, mentors: 80, seed: 11, fixed: 4 });
    const first = runMatching(input, params);
    const second = runMatching(structuredClone(input), structuredClone(params));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(outputDigest(second)).toBe(outputDigest(first));
  });

  it('does not depend on the order anything is listed in', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.boolean(), (seed, tiers) => {
        const { input, params } = generateInstance({ mentees: 60, mentors: 15, seed, fixed: 2 });
        const run: MatchingParams = { ...params, tiers, required: ['methodology'] };
        const other = permuted(input, seed + 1);
        expect(inputsDigest(other, run)).toBe(inputsDigest(input, run));
        expect(runMatching(other, run)).toEqual(runMatching(input, run));
      }),
      { numRuns: 25 },
    );
  });

  it('is plain data: the recorded result survives JSON and a re-run reproduces it', () => {
    const { input, params } = generateInstance({ mentees: 80, mentors: 20, seed: 5 });
    const result = runMatching(input, params);
    const recorded = JSON.parse(JSON.stringify({ input, params: result.params, result }));
    expect(recorded.result).toEqual(result);
    const replay = runMatching(recorded.input, recorded.params);
    expect(replay.inputsDigest).toBe(result.inputsDigest);
    expect(outputDigest(replay)).toBe(outputDigest(result));
  });

  it('digests change with anything that changes the outcome', () => {
    const { input, params } = generateInstance({ mentees: 20, mentors: 5, seed: 3 });
    const digest = inputsDigest(input, params);
    expect(inputsDigest(input, { ...params, objective: 'coverage' })).not.toBe(digest);
    expect(inputsDigest(input, { ...params, weights: { ...params.weights, topics: 4 } })).not.toBe(digest);
    const mentors = input.mentors.map((m, k) => (k === 0 ? { ...m, capacity: m.capacity + 1 } : m));
    expect(inputsDigest({ ...input, mentors }, params)).not.toBe(digest);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('digests the canonical JSON of the input (sorted keys at every level)', () => {
    const { input } = generateInstance({ mentees: 30, mentors: 8, seed: 9, fixed: 2 });
    const canonical = canonicalInput(input);
    expect(JSON.stringify(canonical)).toBe(canonicalJson(canonical));
  });
});

describe('invalid input is refused with a message that says what to change', () => {
  const { input, params } = generateInstance({ mentees: 5, mentors: 2, seed: 1 });
  const mentor = input.mentors[0];
  const mentee = input.mentees[0];
  if (mentor === undefined || mentee === undefined) throw new Error('fixture');
  it.each([
    [{ ...input, mentors: [{ ...mentor, capacity: 0 }] }, params, /capacity must be a whole number/],
    [{ ...input, mentees: [mentee, { ...mentee }] }, params, /share the id/],
    [{ ...input, fixedPairs: [{ menteeId: 'nobody', mentorId: mentor.id }] }, params, /not in the pool/],
    [
      {
        ...input,
        forbiddenPairs: [{ menteeId: mentee.id, mentorId: mentor.id }],
        fixedPairs: [{ menteeId: mentee.id, mentorId: mentor.id }],
      },
      params,
      /both fixed and forbidden/,
    ],
    [input, { ...params, weights: {} }, /at least one factor a positive weight/],
    [input, { ...params, minScore: 0 }, /minScore must be/],
    [{ ...input, mentees: [{ ...mentee, utcOffsetMinutes: 9999 }] }, params, /utcOffsetMinutes/],
  ] as [MatchingInput, MatchingParams, RegExp][])('%#', (badInput, badParams, message) => {
    expect(() => runMatching(badInput, badParams)).toThrow(MatchingInputError);
    expect(() => runMatching(badInput, badParams)).toThrow(message);
  });
});
