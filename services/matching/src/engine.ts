import type { Relaxation } from './candidates';
import { type CanonicalInput, canonicalInput, canonicalJson, canonicalParams, digestCanonical, sha256 } from './canonical';
import { MatchingInputError } from './errors';
import { explainRun } from './explain';
import { matchableIn, solveCanonical } from './run';
import { V_BELOW_MIN, V_FORBIDDEN, V_INELIGIBLE, V_MENTOR_INELIGIBLE, V_SAME_INSTITUTION, vRequired } from './scoring-context';
import type { MatchingInput, MatchingParams, MatchingResult, UnmatchedReason } from './types';

/**
 * Runs the matching: scores every pair, applies the hard constraints, finds an optimal assignment
 * (priority tiers first, then coverage or score) and explains it. Pure and deterministic: the same
 * input and parameters give the same result, whatever order the input lists things in.
 *
 * @throws MatchingInputError when the input or parameters break a rule (the message says which).
 */
export function runMatching(input: MatchingInput, params: MatchingParams): MatchingResult {
  const canonical = canonicalInput(input);
  const canonicalP = canonicalParams(params);
  const run = solveCanonical(canonical, canonicalP);
  return explainRun(run, digestCanonical(canonical, canonicalP));
}

/**
 * sha256 (hex) of the canonical input and parameters. Equal digests mean a re-run gives the same
 * result (with the same `engineVersion`).
 */
export function inputsDigest(input: MatchingInput, params: MatchingParams): string {
  return digestCanonical(canonicalInput(input), canonicalParams(params));
}

/** sha256 (hex) of a result's canonical JSON, for an auditor to compare a re-run with the record. */
export const outputDigest = (result: MatchingResult): string => sha256(canonicalJson(result));

const menteeIndexOf = (input: CanonicalInput, menteeId: string): number => {
  const i = input.mentees.findIndex((m) => m.id === menteeId);
  if (i < 0) throw new MatchingInputError(`mentee ${menteeId} is not in the pool`);
  return i;
};

/** The relaxation a set of reasons stands for (see `UnmatchedReasonCode`). */
function relaxationOf(mentee: number, reasons: Pick<UnmatchedReason, 'code' | 'factor'>[]): Relaxation | null {
  let ignore = 0;
  let unlimited = false;
  for (const reason of reasons) {
    switch (reason.code) {
      case 'ineligible':
        ignore |= V_INELIGIBLE;
        break;
      case 'mentor-ineligible':
        ignore |= V_MENTOR_INELIGIBLE;
        break;
      case 'forbidden-pair':
        ignore |= V_FORBIDDEN;
        break;
      case 'same-institution':
        ignore |= V_SAME_INSTITUTION;
        break;
      case 'required-factor':
        if (reason.factor === undefined) throw new MatchingInputError('a required-factor reason needs its factor');
        ignore |= vRequired(reason.factor);
        break;
      case 'below-min-score':
        ignore |= V_BELOW_MIN;
        break;
      case 'capacity':
        unlimited = true;
        break;
      case 'no-mentors':
        return null;
      default: {
        const exhaustive: never = reason.code;
        throw new MatchingInputError(`unknown reason ${String(exhaustive)}`);
      }
    }
  }
  return { mentee, ignore, unlimited };
}

/**
 * Whether some optimal assignment matches the mentee: the best assignment that includes them is
 * worth as much (tiers, coverage, score) as the best assignment overall.
 */
export function isMatchable(input: MatchingInput, params: MatchingParams, menteeId: string): boolean {
  const canonical = canonicalInput(input);
  return matchableIn(canonical, canonicalParams(params), menteeIndexOf(canonical, menteeId));
}

/**
 * The counterfactual behind a "why not": relax the given reasons for this mentee alone (see
 * `UnmatchedReasonCode` for what each relaxes) and check that the mentee becomes matchable.
 * Returns false for `no-mentors`, which nothing relaxes.
 */
export function checkCounterfactual(
  input: MatchingInput,
  params: MatchingParams,
  menteeId: string,
  reasons: Pick<UnmatchedReason, 'code' | 'factor'>[],
): boolean {
  const canonical = canonicalInput(input);
  const i = menteeIndexOf(canonical, menteeId);
  const relaxation = relaxationOf(i, reasons);
  if (relaxation === null) return false;
  return matchableIn(canonical, canonicalParams(params), i, relaxation);
}
