import { type CanonicalMentee, ENGINE_VERSION } from './canonical';
import type { SolvedRun } from './run';
import { scoreCanonicalPair } from './scoring';
import {
  evaluateFactors,
  evaluatePair,
  NOT_APPLICABLE,
  packedScore,
  pairViolations,
  requiredInMask,
  V_BELOW_MIN,
  V_FORBIDDEN,
  V_INELIGIBLE,
  V_MENTOR_INELIGIBLE,
  V_SAME_INSTITUTION,
  vRequired,
} from './scoring-context';
import {
  type Alternative,
  FACTORS,
  type FactorId,
  type FactorScore,
  type MatchingResult,
  type MentorPlaces,
  type PlacesHeldBy,
  type Proposal,
  type TierSummary,
  type UnmatchedMentee,
  type UnmatchedReason,
} from './types';

const FACTOR_WORDS: Record<FactorId, string> = {
  topics: 'topics',
  methodology: 'methodology',
  support: 'help wanted',
  careerStage: 'career stage',
  availability: 'availability',
  meetingMode: 'way to meet',
  timeZone: 'time zone',
};

/** A required factor in words, as met and as missed. */
const REQUIRED_WORDS: Record<FactorId, { does: string; doesNot: string }> = {
  topics: { does: 'shares a topic', doesNot: 'share no topic with the mentee' },
  methodology: { does: 'shares a methodology', doesNot: 'share no methodology with the mentee' },
  support: { does: 'offers the help wanted', doesNot: 'offer none of the help wanted' },
  careerStage: { does: 'fits the career stage', doesNot: 'do not fit the career stage' },
  availability: { does: 'shares a time to meet', doesNot: 'share no time to meet' },
  meetingMode: { does: 'shares a way to meet', doesNot: 'share no way to meet' },
  timeZone: { does: 'is within 8 hours of the time zone', doesNot: 'are 8 hours or more away' },
};

/** Bits of reasons about what a pair shares, as opposed to who may pair at all. */
const CONTENT_BITS = ~(V_INELIGIBLE | V_MENTOR_INELIGIBLE | V_FORBIDDEN | V_SAME_INSTITUTION);

const MAX_IDS = 5;

const popcount = (x: number): number => {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
};

const sentence = (parts: string[]): string => {
  const joined = parts.join('; ');
  return `${joined.charAt(0).toUpperCase()}${joined.slice(1)}.`;
};

/** The reasons in one sentence; what follows ineligibility is what would still stand in the way. */
function unmatchedText(reasons: UnmatchedReason[]): string {
  const [first, ...rest] = reasons;
  if (first?.code === 'ineligible' && rest.length > 0) {
    return sentence([first.text, `even if eligible, ${rest.map((r) => r.text).join('; ')}`]);
  }
  return sentence(reasons.map((r) => r.text));
}

function proposalSummary(score: number, factors: FactorScore[], fixed: boolean): string {
  let strong = '';
  let weak = '';
  for (const f of factors) {
    if (!f.applicable) continue;
    if (f.score >= 700) strong += `${strong === '' ? '' : ', '}${FACTOR_WORDS[f.factor]}`;
    else if (f.score < 400) weak += `${weak === '' ? '' : ', '}${FACTOR_WORDS[f.factor]} (${f.score})`;
  }
  let text = `${fixed ? 'Fixed by the committee; score' : 'Score'} ${score} of 1000`;
  if (strong !== '') text += `; strong on ${strong}`;
  if (weak !== '') text += `; weaker on ${weak}`;
  return `${text}.`;
}

/** How the alternative's factors compare with the proposal's (the alternative's per factor in `theirs`). */
function comparisonText(mine: FactorScore[], theirs: Int32Array): string {
  let weaker = '';
  let stronger = '';
  for (const factor of mine) {
    const raw = theirs[FACTOR_INDEX[factor.factor]]!;
    const other = raw === NOT_APPLICABLE ? 0 : raw;
    if (other === factor.score) continue;
    const line = `${FACTOR_WORDS[factor.factor]} ${other} vs ${factor.score}`;
    if (other < factor.score) weaker += `${weaker === '' ? '' : ', '}${line}`;
    else stronger += `${stronger === '' ? '' : ', '}${line}`;
  }
  if (weaker === '') return stronger === '' ? '' : `stronger on ${stronger}`;
  return stronger === '' ? `weaker on ${weaker}` : `weaker on ${weaker}; stronger on ${stronger}`;
}

const FACTOR_INDEX = Object.fromEntries(FACTORS.map((f, k) => [f, k])) as Record<FactorId, number>;

/** Who holds which places once the run is done, per mentor. */
interface Places {
  /** Places taken, fixed pairs included. */
  taken: Int32Array;
  /** Places held by fixed pairs. */
  fixed: Int32Array;
  /** Number of priority ranks: the tiers in order, then "no tier". */
  ranks: number;
  rankOf: (tier: number | null) => number;
  tierOfRank: (number | null)[];
  /** Per mentor and rank r: places held by optimised mentees of a rank before r (r = 0..ranks). */
  heldBefore: Int32Array;
  /** Per mentor and rank r: bit set of the ranks before r that hold places there. */
  ranksBefore: Int32Array;
}

function placesOf(run: SolvedRun): Places {
  const { input, graph, assignment } = run;
  const { mentees, mentors } = input;
  const tiers = [...new Set(mentees.map((m) => m.tier).filter((t): t is number => t !== null))].sort((a, b) => a - b);
  const tierOfRank: (number | null)[] = [...tiers, null];
  const rankIndex = new Map(tiers.map((t, r) => [t, r]));
  const rankOf = (tier: number | null) => (tier === null ? tiers.length : rankIndex.get(tier)!);
  const ranks = tierOfRank.length;
  const taken = new Int32Array(mentors.length);
  const fixed = new Int32Array(mentors.length);
  const held = new Int32Array(mentors.length * ranks);
  for (let i = 0; i < mentees.length; i++) {
    const f = graph.fixedMentor[i]!;
    if (f >= 0) {
      fixed[f]!++;
      taken[f]!++;
      continue;
    }
    const j = assignment.mentorOf[i]!;
    if (j < 0) continue;
    taken[j]!++;
    held[j * ranks + rankOf(mentees[i]!.tier)]!++;
  }
  const heldBefore = new Int32Array(mentors.length * (ranks + 1));
  const ranksBefore = new Int32Array(mentors.length * (ranks + 1));
  for (let j = 0; j < mentors.length; j++) {
    for (let r = 0; r < ranks; r++) {
      const h = held[j * ranks + r]!;
      heldBefore[j * (ranks + 1) + r + 1] = heldBefore[j * (ranks + 1) + r]! + h;
      ranksBefore[j * (ranks + 1) + r + 1] = ranksBefore[j * (ranks + 1) + r]! | (h > 0 ? 1 << r : 0);
    }
  }
  return { taken, fixed, ranks, rankOf, tierOfRank, heldBefore, ranksBefore };
}

/**
 * What each mentee's candidate row says, gathered in one pass over the graph: for a mentee with a
 * mentor, its best other candidate with a free place and overall; for a mentee without, how many
 * candidates it has (for an ineligible mentee: how many it would have), the best few, and who
 * holds their places.
 */
interface Neighbourhood {
  bestFree: Int32Array;
  bestFreeScore: Int32Array;
  bestAny: Int32Array;
  bestAnyScore: Int32Array;
  degree: Int32Array;
  /** Per mentee, up to MAX_IDS best candidates (score desc, then mentor index). */
  top: Int32Array;
  topScore: Int32Array;
  heldFixed: Int32Array;
  heldHigher: Int32Array;
  heldOthers: Int32Array;
  higherRanks: Int32Array;
}

function neighbourhood(run: SolvedRun, places: Places): Neighbourhood {
  const { input, params, graph, assignment } = run;
  const n = input.mentees.length;
  const mentors = input.mentors;
  const stride = places.ranks + 1;
  const mentorOf = new Int32Array(n);
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    mentorOf[i] = graph.fixedMentor[i]! >= 0 ? graph.fixedMentor[i]! : assignment.mentorOf[i]!;
    if (params.tiers) rank[i] = places.rankOf(input.mentees[i]!.tier);
  }
  const hood: Neighbourhood = {
    bestFree: new Int32Array(n).fill(-1),
    bestFreeScore: new Int32Array(n).fill(-1),
    bestAny: new Int32Array(n).fill(-1),
    bestAnyScore: new Int32Array(n).fill(-1),
    degree: new Int32Array(n),
    top: new Int32Array(n * MAX_IDS).fill(-1),
    topScore: new Int32Array(n * MAX_IDS).fill(-1),
    heldFixed: new Int32Array(n),
    heldHigher: new Int32Array(n),
    heldOthers: new Int32Array(n),
    higherRanks: new Int32Array(n),
  };
  const { bestFree, bestFreeScore, bestAny, bestAnyScore, degree, top, topScore, heldFixed, heldHigher, heldOthers, higherRanks } = hood;
  const { heldBefore, ranksBefore } = places;
  const { mentee, score } = graph;
  for (let j = 0; j < mentors.length; j++) {
    const free = places.taken[j]! < mentors[j]!.capacity;
    const fixedHere = places.fixed[j]!;
    const takenHere = places.taken[j]!;
    const e1 = graph.start[j + 1]!;
    for (let e = graph.start[j]!; e < e1; e++) {
      const i = mentee[e]!;
      const s = score[e]!;
      const own = mentorOf[i]!;
      if (own >= 0) {
        if (own === j) continue;
        if (s > bestAnyScore[i]!) {
          bestAny[i] = j;
          bestAnyScore[i] = s;
        }
        if (free && s > bestFreeScore[i]!) {
          bestFree[i] = j;
          bestFreeScore[i] = s;
        }
        continue;
      }
      degree[i]!++;
      const base = i * MAX_IDS;
      if (s > topScore[base + MAX_IDS - 1]!) {
        let at = MAX_IDS - 1;
        while (at > 0 && topScore[base + at - 1]! < s) {
          top[base + at] = top[base + at - 1]!;
          topScore[base + at] = topScore[base + at - 1]!;
          at--;
        }
        top[base + at] = j;
        topScore[base + at] = s;
      }
      const at = j * stride + rank[i]!;
      const before = heldBefore[at]!;
      heldFixed[i]! += fixedHere;
      heldHigher[i]! += before;
      heldOthers[i]! += takenHere - fixedHere - before;
      higherRanks[i]! |= ranksBefore[at]!;
    }
  }
  return hood;
}

/** Turns a solved run into the public result: proposals, reasons, places and totals. */
export function explainRun(run: SolvedRun, inputsDigest: string): MatchingResult {
  const { input, params, graph, assignment } = run;
  const { mentees, mentors } = input;
  const places = placesOf(run);
  const { taken } = places;
  const tierLabel = (tier: number | null): string =>
    tier === null ? 'applicants without a tier' : (params.tierLabels[String(tier)] ?? `tier ${tier} applicants`);

  const proposals: Proposal[] = [];
  const unmatched: UnmatchedMentee[] = [];
  const open = openMentors(run, taken);
  const hood = neighbourhood(run, places);
  let totalScore = 0;
  for (let i = 0; i < mentees.length; i++) {
    const mentee = mentees[i]!;
    const fixed = graph.fixedMentor[i]! >= 0;
    const j = fixed ? graph.fixedMentor[i]! : assignment.mentorOf[i]!;
    if (j < 0) {
      const reasons = unmatchedReasons(run, places, hood, open, i, mentee, tierLabel);
      unmatched.push({ menteeId: mentee.id, tier: mentee.tier, reasons, text: unmatchedText(reasons) });
      continue;
    }
    const pair = scoreCanonicalPair(mentee, mentors[j]!, params);
    totalScore += pair.score;
    proposals.push({
      menteeId: mentee.id,
      mentorId: mentors[j]!.id,
      score: pair.score,
      fixed,
      factors: pair.factors,
      summary: proposalSummary(pair.score, pair.factors, fixed),
      alternative: alternativeFor(run, hood, i, pair.score, pair.factors),
    });
  }

  const mentorPlaces: MentorPlaces[] = [];
  let placeCount = 0;
  mentors.forEach((m, j) => {
    if (!m.eligible) return;
    placeCount += m.capacity;
    mentorPlaces.push({ mentorId: m.id, capacity: m.capacity, taken: taken[j]! });
  });

  const applicants = new Int32Array(places.ranks);
  const eligible = new Int32Array(places.ranks);
  const matched = new Int32Array(places.ranks);
  for (let i = 0; i < mentees.length; i++) {
    const rank = places.rankOf(mentees[i]!.tier);
    applicants[rank]!++;
    if (mentees[i]!.eligible) eligible[rank]!++;
    if (graph.fixedMentor[i]! >= 0 || assignment.mentorOf[i]! >= 0) matched[rank]!++;
  }
  const byTier: TierSummary[] = [];
  places.tierOfRank.forEach((tier, rank) => {
    if (applicants[rank] === 0) return;
    byTier.push({
      tier,
      label: tier === null ? 'no tier' : (params.tierLabels[String(tier)] ?? `tier ${tier}`),
      applicants: applicants[rank]!,
      eligible: eligible[rank]!,
      matched: matched[rank]!,
    });
  });

  return {
    engineVersion: ENGINE_VERSION,
    inputsDigest,
    params,
    proposals,
    unmatched,
    mentorPlaces,
    summary: {
      mentees: mentees.length,
      mentors: mentors.length,
      places: placeCount,
      matched: proposals.length,
      fixed: proposals.filter((p) => p.fixed).length,
      unmatched: unmatched.length,
      totalScore,
      candidatePairs: graph.candidatePairs,
      byTier,
    },
  };
}

/** The best other candidate of mentee i: with a free place if any, else overall. */
function alternativeFor(run: SolvedRun, hood: Neighbourhood, i: number, score: number, factors: FactorScore[]): Alternative | null {
  const mentors = run.input.mentors;
  const free = hood.bestFree[i]! >= 0;
  const chosen = free ? hood.bestFree[i]! : hood.bestAny[i]!;
  if (chosen < 0) return null;
  const otherScore = free ? hood.bestFreeScore[i]! : hood.bestAnyScore[i]!;
  evaluateFactors(run.ctx, i, chosen, factorScratch);
  const difference = score - otherScore;
  const lead = free ? 'next best with a free place' : 'next best (no other mentor who fits has a free place)';
  const gap = difference > 0 ? `${difference} lower` : difference < 0 ? `${-difference} higher` : 'the same score';
  const comparison = comparisonText(factors, factorScratch);
  return {
    mentorId: mentors[chosen]!.id,
    score: otherScore,
    hasFreePlace: free,
    text: `${lead}: mentor ${mentors[chosen]!.id}, score ${otherScore} (${gap})${comparison === '' ? '' : `: ${comparison}`}`,
  };
}

const factorScratch = new Int32Array(FACTORS.length);

/** Mentors with room for one more mentee: eligible ones with a free place, ineligible ones with places. */
function openMentors(run: SolvedRun, taken: Int32Array): { all: Int32Array; eligible: Int32Array } {
  const all: number[] = [];
  const eligible: number[] = [];
  run.input.mentors.forEach((m, j) => {
    if (m.eligible && taken[j]! < m.capacity) {
      all.push(j);
      eligible.push(j);
    } else if (!m.eligible && m.capacity > run.graph.fixedLoad[j]!) all.push(j);
  });
  return { all: Int32Array.from(all), eligible: Int32Array.from(eligible) };
}

interface Option {
  mask: number;
  /** Mentors with exactly this mask, best score first (at most `MAX_IDS`). */
  mentors: number[];
  /** How many mentors have exactly this mask. */
  count: number;
  /** Violation bits that every eligible mentor among the candidates has. */
  common: number;
}

/** The smallest violation mask among `candidates` (ties: the better pair score), and who has it. */
function bestOption(run: SolvedRun, i: number, candidates: ArrayLike<number>): Option | null {
  const n = candidates.length;
  if (n === 0) return null;
  const masks = new Int32Array(n);
  const scores = new Int32Array(n);
  let best = 0;
  let bestSize = 33;
  let common = -1;
  for (let k = 0; k < n; k++) {
    const j = candidates[k]!;
    const packed = evaluatePair(run.ctx, i, j);
    const mask = pairViolations(run.ctx, i, j, packed);
    masks[k] = mask;
    scores[k] = packedScore(packed);
    if (run.input.mentors[j]!.eligible) common &= mask;
    const size = popcount(mask);
    if (size < bestSize || (size === bestSize && scores[k]! > scores[best]!)) {
      best = k;
      bestSize = size;
    }
  }
  const mask = masks[best]!;
  const same: number[] = [];
  for (let k = 0; k < n; k++) if (masks[k] === mask) same.push(k);
  same.sort((a, b) => scores[b]! - scores[a]! || candidates[a]! - candidates[b]!);
  return {
    mask,
    mentors: same.slice(0, MAX_IDS).map((k) => candidates[k]!),
    count: same.length,
    common: common === -1 ? 0 : common,
  };
}

/** Mentee i's candidates (an ineligible mentee's would-be candidates) as an option. */
function candidateOption(run: SolvedRun, hood: Neighbourhood, i: number): Option {
  const mentors: number[] = [];
  for (let k = 0; k < MAX_IDS; k++) {
    const j = hood.top[i * MAX_IDS + k]!;
    if (j >= 0) mentors.push(j);
  }
  const mask = run.input.mentees[i]!.eligible ? 0 : V_INELIGIBLE;
  return { mask, mentors, count: hood.degree[i]!, common: mask };
}

/**
 * The binding reasons for an unmatched mentee. Two kinds of explanation compete:
 * (A) a mentor with room, kept away by pair-level constraints: relax those;
 * (B) the mentors that fit (once their own constraints are relaxed) are all full: relax capacity
 *     as well.
 * The smaller set wins. On a tie, places held by higher tiers explain best ("students wait for
 * remaining capacity"), and otherwise A wins only if what it adds to B is about what the pair
 * shares ("no eligible mentor with a free place shares a methodology"). Either set passes the
 * counterfactual: relaxed for this mentee, some optimal assignment matches them.
 */
function unmatchedReasons(
  run: SolvedRun,
  places: Places,
  hood: Neighbourhood,
  open: { all: Int32Array; eligible: Int32Array },
  i: number,
  mentee: CanonicalMentee,
  tierLabel: (tier: number | null) => string,
): UnmatchedReason[] {
  const { input, params } = run;
  const mentors = input.mentors;
  const ids = (list: number[]) => list.slice(0, MAX_IDS).map((j) => mentors[j]!.id);
  if (mentors.length === 0) {
    return [{ code: 'no-mentors', mentorIds: [], text: 'there are no mentors in the pool' }];
  }
  const degree = hood.degree[i]!;

  // With candidates, B is {capacity}; A can only win the tie on content, which an ineligible
  // mentor never offers (its mask has a non-content bit), so only eligible open mentors count.
  const optionA = bestOption(run, i, degree > 0 ? open.eligible : open.all);
  let optionB: Option | null;
  if (degree > 0) optionB = candidateOption(run, hood, i);
  else if (optionA !== null && popcount(optionA.mask) <= 1) optionB = null;
  else
    optionB = bestOption(
      run,
      i,
      mentors.map((_, j) => j),
    );

  // Who holds the places of the mentors in B.
  let heldBy: PlacesHeldBy = 'other-applicants';
  let higherRanks = 0;
  if (optionB !== null) {
    let fixedHolders = hood.heldFixed[i]!;
    let higher = hood.heldHigher[i]!;
    let others = hood.heldOthers[i]!;
    higherRanks = hood.higherRanks[i]!;
    if (degree === 0) {
      const stride = places.ranks + 1;
      const rank = params.tiers ? places.rankOf(mentee.tier) : 0;
      fixedHolders = 0;
      higher = 0;
      others = 0;
      for (const j of optionB.mentors) {
        const before = places.heldBefore[j * stride + rank]!;
        fixedHolders += places.fixed[j]!;
        higher += before;
        higherRanks |= places.ranksBefore[j * stride + rank]!;
        others += places.taken[j]! - places.fixed[j]! - before;
      }
    }
    if (others === 0 && higher === 0 && fixedHolders > 0) heldBy = 'fixed-pairs';
    else if (others === 0 && higher > 0) heldBy = 'higher-tier';
  }

  const sizeA = optionA === null ? Number.POSITIVE_INFINITY : popcount(optionA.mask);
  const sizeB = optionB === null ? Number.POSITIVE_INFINITY : popcount(optionB.mask) + 1;
  const useA =
    sizeA < sizeB ||
    (sizeA === sizeB && heldBy !== 'higher-tier' && optionA !== null && optionB !== null && (optionA.mask & ~optionB.mask & ~CONTENT_BITS) === 0);
  const option = (useA ? optionA : optionB) as Option;
  const { mask, common } = option;
  const concerned = option.mentors;
  const withPlace = useA ? ' with a free place' : '';
  const closest = option.count === 1 ? `the closest mentor${withPlace} is` : `the closest mentors${withPlace} are`;
  const closestPlural = option.count === 1 ? `the closest mentor${withPlace}` : `the closest mentors${withPlace}`;

  const reasons: UnmatchedReason[] = [];
  if (mask & V_INELIGIBLE) {
    reasons.push({
      code: 'ineligible',
      mentorIds: [],
      text: `not eligible: ${mentee.ineligibleReason ?? 'turned down at screening'}`,
    });
  }
  if (mask & V_MENTOR_INELIGIBLE) {
    const why = mentors[concerned[0]!]?.ineligibleReason;
    reasons.push({
      code: 'mentor-ineligible',
      mentorIds: ids(concerned),
      text: `${closest} not eligible to mentor${why ? ` (${why})` : ''}`,
    });
  }
  if (mask & V_FORBIDDEN) {
    const mentorId = mentors[concerned[0]!]?.id;
    const pair = input.forbiddenPairs.find((p) => p.menteeId === mentee.id && p.mentorId === mentorId);
    reasons.push({
      code: 'forbidden-pair',
      mentorIds: ids(concerned),
      text: `${closest} ruled out by a declared conflict of interest${pair?.reason ? ` (${pair.reason})` : ''}`,
    });
  }
  if (mask & V_SAME_INSTITUTION) {
    reasons.push({
      code: 'same-institution',
      mentorIds: ids(concerned),
      text: `${closest} from the mentee's own institution, which the program does not allow`,
    });
  }
  for (const factor of requiredInMask(mask)) {
    const everyone = (common & vRequired(factor)) !== 0;
    const who = degree === 1 ? 'the one who does is' : `the ${degree} who do are`;
    reasons.push({
      code: 'required-factor',
      factor,
      mentorIds: ids(concerned),
      text: everyone
        ? `no eligible mentor${withPlace} ${REQUIRED_WORDS[factor].does}${useA && degree > 0 ? ` (${who} full)` : ''}`
        : `${closestPlural} ${REQUIRED_WORDS[factor].doesNot}`,
    });
  }
  if (mask & V_BELOW_MIN) {
    const everyone = (common & V_BELOW_MIN) !== 0;
    reasons.push({
      code: 'below-min-score',
      mentorIds: ids(concerned),
      text: everyone
        ? `no eligible mentor${withPlace} scores at least ${params.minScore} with this mentee`
        : `${closestPlural} score below ${params.minScore} with this mentee`,
    });
  }
  if (!useA) {
    const n = option.count;
    let text: string;
    if (reasons.some((r) => r.code !== 'ineligible')) {
      text = `${n === 1 ? 'that mentor is' : 'those mentors are'} full`;
    } else {
      const who = n === 1 ? 'the one mentor who fits is' : `all ${n} mentors who fit are`;
      if (heldBy === 'higher-tier') {
        const holders: string[] = [];
        for (let r = 0; r < places.ranks; r++) {
          if (higherRanks & (1 << r)) holders.push(tierLabel(places.tierOfRank[r]!));
        }
        text = `${tierLabel(mentee.tier)} wait for remaining capacity: ${who} full with ${holders.join(' and ')}`;
      } else if (heldBy === 'fixed-pairs') {
        text = `${who} full with pairs the committee fixed`;
      } else {
        text = `${who} full; giving this mentee a place would ${
          params.objective === 'coverage' ? 'leave someone else unmatched or lower the total score' : 'lower the total score'
        }`;
      }
    }
    reasons.push({ code: 'capacity', heldBy, mentorIds: ids(concerned), text });
  }
  return reasons;
}
