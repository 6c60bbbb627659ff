import type { CanonicalInput } from './canonical';
import { SCORE_MAX } from './canonical';
import { offsetDistance, overlapScore, timeZoneScore } from './scoring';
import {
  evaluatePair,
  F_AVAILABILITY,
  F_METHODOLOGY,
  F_MODE,
  F_STAGE,
  F_SUPPORT,
  F_TIME_ZONE,
  F_TOPICS,
  NO_OFFSET,
  packedScore,
  pairViolations,
  popcount,
  type ScoringContext,
  V_INELIGIBLE,
  V_MENTOR_INELIGIBLE,
} from './scoring-context';

/**
 * A counterfactual: one mentee's constraints relaxed. `ignore` holds the `V_*` bits that no longer
 * keep that mentee from a mentor (for this mentee alone); `unlimited` gives every mentor who then
 * fits the mentee unlimited places.
 */
export interface Relaxation {
  mentee: number;
  ignore: number;
  unlimited: boolean;
}

/** Who takes part in the optimisation, known before any pair is scored. */
export interface Pool {
  /** Per mentee, 1 when the optimiser decides its pair (eligible or relaxed, and not fixed). */
  optimise: Uint8Array;
  /** Per mentee, the mentor of its fixed pair or -1. */
  fixedMentor: Int32Array;
  /** Per mentor, how many fixed pairs it holds. */
  fixedLoad: Int32Array;
  /** Per mentor, the places left to the optimiser (raised under an `unlimited` relaxation). */
  capacity: Int32Array;
}

/**
 * The candidate pairs, grouped per mentor. Row j is `start[j]..start[j+1]`:
 * - `start[j]..solverEnd[j]`: the mentees the optimiser decides, by decreasing value (bonus, then
 *   score), ties by mentee index;
 * - `solverEnd[j]..start[j+1]`: fixed mentees (for their alternatives) and ineligible mentees that
 *   pass every other constraint (for their "why not"), by mentee index.
 * Memory grows with the number of candidate pairs, never with mentees × places.
 */
export interface CandidateGraph extends Pool {
  start: Int32Array;
  solverEnd: Int32Array;
  /** Number of value levels (distinct bonuses) among the mentees the optimiser decides. */
  levels: number;
  /** Per mentee, its level (0 = highest bonus), or -1 if the optimiser does not decide it. */
  level: Int32Array;
  /** Per mentor j and level r: where that level's entries start, `levelStart[j * (levels + 1) + r]`. */
  levelStart: Int32Array;
  mentee: Int32Array;
  score: Int16Array;
  /** Pairs that pass every hard constraint (ineligible mentees' entries not counted). */
  candidatePairs: number;
}

/** Fixed pairs and eligibility: who the optimiser decides, and the places it may fill. */
export function poolOf(ctx: ScoringContext, input: CanonicalInput, relaxation?: Relaxation): Pool {
  const { nMentees, nMentors } = ctx;
  const fixedMentor = new Int32Array(nMentees).fill(-1);
  const fixedLoad = new Int32Array(nMentors);
  const mentorIndex = new Map<string, number>();
  const menteeIndex = new Map<string, number>();
  if (input.fixedPairs.length > 0) {
    for (let j = 0; j < nMentors; j++) mentorIndex.set(input.mentors[j]!.id, j);
    for (let i = 0; i < nMentees; i++) menteeIndex.set(input.mentees[i]!.id, i);
  }
  for (const pair of input.fixedPairs) {
    const j = mentorIndex.get(pair.mentorId)!;
    fixedMentor[menteeIndex.get(pair.menteeId)!] = j;
    fixedLoad[j]!++;
  }
  const optimise = new Uint8Array(nMentees);
  for (let i = 0; i < nMentees; i++) {
    const eligible = ctx.menteeEligible[i] === 1 || (relaxation?.mentee === i && (relaxation.ignore & V_INELIGIBLE) !== 0);
    optimise[i] = eligible && fixedMentor[i] === -1 ? 1 : 0;
  }
  const capacity = new Int32Array(nMentors);
  for (let j = 0; j < nMentors; j++) capacity[j] = input.mentors[j]!.capacity - fixedLoad[j]!;
  return { optimise, fixedMentor, fixedLoad, capacity };
}

/** Rows with at most this many optimiser entries are sorted by insertion. */
const SHORT_ROW = 32;
/** Longer rows are sorted in two passes of a radix sort on 6-bit digits when the keys fit in two digits. */
const DIGIT_BITS = 6;
const DIGITS = 1 << DIGIT_BITS;
const K_SOLVER = 1;
const K_EXTRA = 2;
const CONTENT_STRIDE = 65;
const MAX_COUNT = 64;

/** Mentee-side arrays for the hot loop, computed once per graph. */
interface MenteeColumns {
  /** 0: skip; K_SOLVER: decided by the optimiser; K_EXTRA: fixed or ineligible (kept aside). */
  kind: Uint8Array;
  words: Int32Array;
  /** Per set factor (topics, methodology, support, availability, mode): the mentee's words. */
  bits: Uint32Array[];
  /** Per content factor: the mentee's item count (capped), times `CONTENT_STRIDE`. */
  countRow: Int32Array[];
  /** Per content factor: weighted points for (count, shared): `points[count * 65 + shared]`. */
  points: Int32Array[];
  denBase: Int32Array;
  hasAvailability: Uint8Array;
  hasMode: Uint8Array;
  /** Content factors the mentee answered, as bits. */
  answered: Int32Array;
  stage: Int8Array;
  zone: Int32Array;
  institution: Int32Array;
  offsets: number[];
  /** Per denominator d (a sum of weights), `1 / (2d)`: see `scoreMentorRow`. */
  halfInverse: Float64Array;
}

function menteeColumns(ctx: ScoringContext, pool: Pool, relaxed: number): MenteeColumns {
  const n = ctx.nMentees;
  const { weights, active, sets } = ctx;
  const kind = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (i === relaxed) continue;
    kind[i] = pool.optimise[i] === 1 ? K_SOLVER : K_EXTRA;
  }
  const offsets = [...new Set([...ctx.menteeOffset, ...ctx.mentorOffset])].filter((o) => o !== NO_OFFSET).sort((a, b) => a - b);
  const offsetCode = new Map(offsets.map((o, k) => [o, k]));
  const denBase = new Int32Array(n);
  const answered = new Int32Array(n);
  const countRow = [F_TOPICS, F_METHODOLOGY, F_SUPPORT].map((f) => {
    const rows = new Int32Array(n);
    const count = sets[f]!.menteeCount;
    for (let i = 0; i < n; i++) {
      const c = active[f] === 1 ? Math.min(count[i]!, MAX_COUNT) : 0;
      rows[i] = c * CONTENT_STRIDE;
      if (c > 0) {
        denBase[i]! += weights[f]!;
        answered[i]! |= 1 << f;
      }
    }
    return rows;
  });
  const points = [F_TOPICS, F_METHODOLOGY, F_SUPPORT].map((f) => {
    const table = new Int32Array(CONTENT_STRIDE * CONTENT_STRIDE);
    for (let c = 1; c <= MAX_COUNT; c++) {
      for (let k = 0; k <= c; k++) table[c * CONTENT_STRIDE + k] = weights[f]! * overlapScore(k, c);
    }
    return table;
  });
  // Plain loops: a typed array's `from` with a mapping function costs far more per element.
  const hasAvailability = new Uint8Array(n);
  const hasMode = new Uint8Array(n);
  const stage = new Int8Array(n);
  const zone = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    hasAvailability[i] = active[F_AVAILABILITY] === 1 && sets[F_AVAILABILITY]!.menteeCount[i]! > 0 ? 1 : 0;
    hasMode[i] = active[F_MODE] === 1 && sets[F_MODE]!.menteeCount[i]! > 0 ? 1 : 0;
    stage[i] = ctx.menteeStage[i]! + 1;
    const o = ctx.menteeOffset[i]!;
    zone[i] = o === NO_OFFSET ? offsets.length : offsetCode.get(o)!;
  }
  let weightSum = 0;
  for (const w of weights) weightSum += w;
  const halfInverse = new Float64Array(weightSum + 1);
  for (let d = 0; d <= weightSum; d++) halfInverse[d] = 1 / (2 * d);
  return {
    kind,
    words: Int32Array.from(sets, (set) => set.words),
    bits: sets.map((set) => set.mentee),
    countRow,
    points,
    denBase,
    hasAvailability,
    hasMode,
    answered,
    stage,
    zone,
    institution: ctx.sameInstitutionForbidden ? ctx.menteeInstitution : new Int32Array(n).fill(-1),
    offsets,
    halfInverse,
  };
}

/** Mentor-side tables for one row: points per mentee stage code and per mentee offset code. */
interface RowTables {
  stageNum: Int32Array;
  stageDen: Int32Array;
  stageZero: Int32Array;
  zoneNum: Int32Array;
  zoneDen: Int32Array;
  zoneZero: Int32Array;
}

function fillRowTables(ctx: ScoringContext, columns: MenteeColumns, j: number, t: RowTables): void {
  const { weights, active } = ctx;
  const mentorStage = ctx.mentorStage[j]!;
  const prefs = ctx.mentorStagePrefs[j]!;
  const wStage = weights[F_STAGE]!;
  for (let code = 0; code < 5; code++) {
    const menteeStage = code - 1;
    const applies = active[F_STAGE] === 1 && menteeStage >= 0 && (prefs !== 0 || mentorStage >= 0);
    const fits = prefs !== 0 ? ((prefs >> menteeStage) & 1) === 1 : mentorStage > menteeStage;
    t.stageNum[code] = applies && fits ? wStage * SCORE_MAX : 0;
    t.stageDen[code] = applies ? wStage : 0;
    t.stageZero[code] = applies && !fits ? 1 << F_STAGE : 0;
  }
  const mentorOffset = ctx.mentorOffset[j]!;
  const wZone = weights[F_TIME_ZONE]!;
  for (let code = 0; code <= columns.offsets.length; code++) {
    const applies = active[F_TIME_ZONE] === 1 && code < columns.offsets.length && mentorOffset !== NO_OFFSET;
    const s = applies ? timeZoneScore(offsetDistance(columns.offsets[code]!, mentorOffset)) : 0;
    t.zoneNum[code] = wZone * s;
    t.zoneDen[code] = applies ? wZone : 0;
    t.zoneZero[code] = applies && s === 0 ? 1 << F_TIME_ZONE : 0;
  }
}

/** The scratch row a mentor's scores are written to before they are sorted into the graph. */
interface Row {
  mentee: Int32Array;
  score: Int32Array;
  kind: Uint8Array;
  /** Counting-sort buckets of the solver entries, by key (rows whose keys need more than two digits). */
  count: Int32Array;
  /** Per mentee, its sort key base (bonus rank × 1001). */
  keyBase: Int32Array;
  /** Per mentee, its bonus rank. */
  rank: Int32Array;
  /** Whether the keys fit in two radix digits (else `count` holds a counting sort's buckets). */
  twoDigits: boolean;
  /** Radix-sort buckets (low and high digit) and entries per rank. */
  low: Int32Array;
  high: Int32Array;
  perRank: Int32Array;
  /** The solver entries between the two radix passes. */
  sortedMentee: Int32Array;
  sortedScore: Int32Array;
  /** Per mentee, 1 when its pairs count as candidate pairs (eligible, or relaxed). */
  counted: Uint8Array;
  /** Of the row scored last: its solver entries, and its entries that count as candidate pairs. */
  solverCount: number;
  candidates: number;
}

/** Tallies a solver entry of the current row: its sort buckets and the row's count. */
function tallySolver(row: Row, i: number, s: number): void {
  const key = row.keyBase[i]! + SCORE_MAX - s;
  if (row.twoDigits) {
    row.low[(key & (DIGITS - 1)) + 1]!++;
    row.high[(key >> DIGIT_BITS) + 1]!++;
    row.perRank[row.rank[i]!]!++;
  } else row.count[key + 1]!++;
  row.solverCount++;
}

/**
 * Scores mentor j against every mentee whose `kind` is not 0 (the caller zeroes the kind of
 * forbidden, same-institution and relaxed mentees for this row), writing each candidate into
 * `row` in mentee order and tallying the solver entries' sort keys; returns the row length. Computes exactly
 * what `evaluatePair` computes; a test holds the two together.
 */
function scoreMentorRow(ctx: ScoringContext, columns: MenteeColumns, t: RowTables, j: number, row: Row): number {
  const n = ctx.nMentees;
  const { weights, sets } = ctx;
  const kind = columns.kind;
  const words = columns.words;
  const oneWord = words.every((w) => w === 1);
  const wT = words[F_TOPICS]!;
  const wM = words[F_METHODOLOGY]!;
  const wS = words[F_SUPPORT]!;
  const wA = words[F_AVAILABILITY]!;
  const wO = words[F_MODE]!;
  const bT = columns.bits[F_TOPICS]!;
  const bM = columns.bits[F_METHODOLOGY]!;
  const bS = columns.bits[F_SUPPORT]!;
  const bA = columns.bits[F_AVAILABILITY]!;
  const bO = columns.bits[F_MODE]!;
  const jT = sets[F_TOPICS]!.mentor;
  const jM = sets[F_METHODOLOGY]!.mentor;
  const jS = sets[F_SUPPORT]!.mentor;
  const jA = sets[F_AVAILABILITY]!.mentor;
  const jO = sets[F_MODE]!.mentor;
  const jT0 = jT[j * wT]!;
  const jM0 = jM[j * wM]!;
  const jS0 = jS[j * wS]!;
  const jA0 = jA[j * wA]!;
  const jO0 = jO[j * wO]!;
  const rT = columns.countRow[0]!;
  const rM = columns.countRow[1]!;
  const rS = columns.countRow[2]!;
  const pT = columns.points[0]!;
  const pM = columns.points[1]!;
  const pS = columns.points[2]!;
  const denBase = columns.denBase;
  const answered = columns.answered;
  const hasA = columns.hasAvailability;
  const hasO = columns.hasMode;
  const mentorHasA = ctx.active[F_AVAILABILITY] === 1 && sets[F_AVAILABILITY]!.mentorCount[j]! > 0 ? 1 : 0;
  const mentorHasO = ctx.active[F_MODE] === 1 && sets[F_MODE]!.mentorCount[j]! > 0 ? 1 : 0;
  const denA = weights[F_AVAILABILITY]! * mentorHasA;
  const denO = weights[F_MODE]! * mentorHasO;
  const pointsA = denA * SCORE_MAX;
  const pointsO = denO * SCORE_MAX;
  const stage = columns.stage;
  const zone = columns.zone;
  const { stageNum, stageDen, stageZero, zoneNum, zoneDen, zoneZero } = t;
  const requiredBits = ctx.requiredBits;
  const minScore = ctx.minScore;
  const rowMentee = row.mentee;
  const rowScore = row.score;
  const rowKind = row.kind;
  const { keyBase, rank, low, high, perRank, count, counted, twoDigits } = row;
  const halfInverse = columns.halfInverse;
  let solverCount = 0;
  let candidates = 0;
  let length = 0;
  for (let i = 0; i < n; i++) {
    const k = kind[i]!;
    if (k === 0) continue;
    let topics: number;
    let methods: number;
    let support: number;
    let avail: number;
    let mode: number;
    if (oneWord) {
      topics = popcount(bT[i]! & jT0);
      methods = popcount(bM[i]! & jM0);
      support = popcount(bS[i]! & jS0);
      avail = bA[i]! & jA0;
      mode = bO[i]! & jO0;
    } else {
      topics = 0;
      methods = 0;
      support = 0;
      avail = 0;
      mode = 0;
      for (let x = 0; x < wT; x++) topics += popcount(bT[i * wT + x]! & jT[j * wT + x]!);
      for (let x = 0; x < wM; x++) methods += popcount(bM[i * wM + x]! & jM[j * wM + x]!);
      for (let x = 0; x < wS; x++) support += popcount(bS[i * wS + x]! & jS[j * wS + x]!);
      for (let x = 0; x < wA; x++) avail |= bA[i * wA + x]! & jA[j * wA + x]!;
      for (let x = 0; x < wO; x++) mode |= bO[i * wO + x]! & jO[j * wO + x]!;
    }
    const shareA = ((avail | -avail) >>> 31) & 1;
    const shareO = ((mode | -mode) >>> 31) & 1;
    const sc = stage[i]!;
    const zc = zone[i]!;
    const liveA = hasA[i]!;
    const liveO = hasO[i]!;
    const num = pT[rT[i]! + topics]! + pM[rM[i]! + methods]! + pS[rS[i]! + support]! + stageNum[sc]! + zoneNum[zc]! + pointsA * shareA + pointsO * shareO;
    const den = denBase[i]! + stageDen[sc]! + zoneDen[zc]! + denA * liveA + denO * liveO;
    if (requiredBits !== 0) {
      const missed = (topics === 0 ? 1 << F_TOPICS : 0) | (methods === 0 ? 1 << F_METHODOLOGY : 0) | (support === 0 ? 1 << F_SUPPORT : 0);
      const zero =
        (missed & answered[i]!) |
        ((liveA & mentorHasA & (1 - shareA)) << F_AVAILABILITY) |
        ((liveO & mentorHasO & (1 - shareO)) << F_MODE) |
        stageZero[sc]! |
        zoneZero[zc]!;
      if ((zero & requiredBits) !== 0) continue;
    }
    // Rounded half up: floor((2 num + den) / (2 den)), by a multiplication. The numerator is below
    // 2^21 and 2 den at most 1,400, so a quotient that is not whole is at least 1/1,400 from the
    // next integer while the product errs by less than 1e-12; the 1e-9 lifts a whole quotient
    // computed a hair below itself.
    const s = den === 0 ? 0 : Math.floor((2 * num + den) * halfInverse[den]! + 1e-9);
    if (s < minScore) continue;
    rowMentee[length] = i;
    rowScore[length] = s;
    rowKind[length] = k;
    length++;
    candidates += counted[i]!;
    if (k !== K_SOLVER) continue;
    solverCount++;
    const key = keyBase[i]! + SCORE_MAX - s;
    if (twoDigits) {
      low[(key & (DIGITS - 1)) + 1]!++;
      high[(key >> DIGIT_BITS) + 1]!++;
      perRank[rank[i]!]!++;
    } else count[key + 1]!++;
  }
  row.solverCount = solverCount;
  row.candidates = candidates;
  return length;
}

/**
 * Scores every pair and keeps those that pass every hard constraint, as rows per mentor. `bonus`
 * orders each row for the optimiser. `relaxation` lets one mentee pair where its relaxed
 * constraints would forbid it (and may give those mentors unlimited places, in `pool.capacity`).
 */
export function buildCandidates(ctx: ScoringContext, pool: Pool, bonus: Float64Array, relaxation?: Relaxation): CandidateGraph {
  const { nMentees, nMentors } = ctx;
  const relaxed = relaxation?.mentee ?? -1;
  const columns = menteeColumns(ctx, pool, relaxed);
  // Forbidden pairs per mentor: forbidden[i] === j marks pair (i, j) while row j is scored.
  const forbiddenByMentor: number[][] = Array.from({ length: nMentors }, () => []);
  for (let i = 0; i < nMentees; i++) {
    for (let k = ctx.forbiddenStart[i]!; k < ctx.forbiddenStart[i + 1]!; k++) {
      forbiddenByMentor[ctx.forbiddenMentor[k]!]!.push(i);
    }
  }
  // Mentees per institution, to set aside a mentor's colleagues while its row is scored.
  const colleagues = new Map<number, number[]>();
  if (ctx.sameInstitutionForbidden) {
    for (let i = 0; i < nMentees; i++) {
      const inst = ctx.menteeInstitution[i]!;
      if (inst < 0) continue;
      const list = colleagues.get(inst);
      if (list === undefined) colleagues.set(inst, [i]);
      else list.push(i);
    }
  }
  const tables: RowTables = {
    stageNum: new Int32Array(5),
    stageDen: new Int32Array(5),
    stageZero: new Int32Array(5),
    zoneNum: new Int32Array(columns.offsets.length + 1),
    zoneDen: new Int32Array(columns.offsets.length + 1),
    zoneZero: new Int32Array(columns.offsets.length + 1),
  };
  // Sort key of a solver entry: bonus rank then score, both descending.
  const levels = [...new Set(Array.from(bonus).filter((_, i) => pool.optimise[i] === 1))].sort((a, b) => b - a);
  const rankOf = new Map(levels.map((b, r) => [b, r]));
  const keys = Math.max(1, levels.length) * 1001;
  const rank = new Int32Array(nMentees);
  const counted = new Uint8Array(nMentees);
  const level = new Int32Array(nMentees);
  for (let i = 0; i < nMentees; i++) {
    rank[i] = pool.optimise[i] === 1 ? rankOf.get(bonus[i]!)! : 0;
    counted[i] = ctx.menteeEligible[i] === 1 || i === relaxed ? 1 : 0;
    level[i] = pool.optimise[i] === 1 ? rank[i]! : -1;
  }
  const twoDigits = keys <= DIGITS * DIGITS;
  const row: Row = {
    mentee: new Int32Array(nMentees),
    score: new Int32Array(nMentees),
    kind: new Uint8Array(nMentees),
    count: new Int32Array(twoDigits ? 0 : keys + 1),
    keyBase: rank.map((r) => r * 1001),
    rank,
    twoDigits,
    low: new Int32Array(DIGITS + 1),
    high: new Int32Array(DIGITS + 1),
    perRank: new Int32Array(Math.max(1, levels.length)),
    sortedMentee: new Int32Array(twoDigits ? nMentees : 0),
    sortedScore: new Int32Array(twoDigits ? nMentees : 0),
    counted,
    solverCount: 0,
    candidates: 0,
  };
  const keep = relaxation === undefined ? 0 : ~relaxation.ignore;
  const mentorOpen = relaxation !== undefined && (relaxation.ignore & V_MENTOR_INELIGIBLE) !== 0;
  const unlimited = nMentees + 1;
  const kind = columns.kind;
  const setAside: number[] = [];

  const start = new Int32Array(nMentors + 1);
  const solverEnd = new Int32Array(nMentors);
  const nLevels = Math.max(1, levels.length);
  const levelStart = new Int32Array(nMentors * (nLevels + 1));
  let room = Math.max(1024, Math.min(nMentees * nMentors, 1 << 20));
  let mentee = new Int32Array(room);
  let score = new Int16Array(room);
  let edges = 0;
  let candidatePairs = 0;
  for (let j = 0; j < nMentors; j++) {
    start[j] = edges;
    let length = 0;
    row.solverCount = 0;
    row.candidates = 0;
    if (twoDigits) {
      row.low.fill(0);
      row.high.fill(0);
      row.perRank.fill(0);
    }
    if (ctx.mentorEligible[j] === 1) {
      setAside.length = 0;
      for (const i of forbiddenByMentor[j]!) setAside.push(i);
      const inst = ctx.sameInstitutionForbidden ? ctx.mentorInstitution[j]! : -1;
      if (inst >= 0) for (const i of colleagues.get(inst) ?? []) setAside.push(i);
      const saved = setAside.map((i) => kind[i]!);
      for (const i of setAside) kind[i] = 0;
      fillRowTables(ctx, columns, j, tables);
      length = scoreMentorRow(ctx, columns, tables, j, row);
      setAside.forEach((i, k) => {
        kind[i] = saved[k]!;
      });
    }
    if (relaxed >= 0 && (ctx.mentorEligible[j] === 1 || mentorOpen)) {
      const packed = evaluatePair(ctx, relaxed, j);
      if ((pairViolations(ctx, relaxed, j, packed) & keep) === 0) {
        // keep the row in mentee order
        let at = length;
        while (at > 0 && row.mentee[at - 1]! > relaxed) {
          row.mentee[at] = row.mentee[at - 1]!;
          row.score[at] = row.score[at - 1]!;
          row.kind[at] = row.kind[at - 1]!;
          at--;
        }
        const s = packedScore(packed);
        const k = pool.optimise[relaxed] === 1 ? K_SOLVER : K_EXTRA;
        row.mentee[at] = relaxed;
        row.score[at] = s;
        row.kind[at] = k;
        length++;
        row.candidates++;
        if (k === K_SOLVER) tallySolver(row, relaxed, s);
        if (relaxation?.unlimited) pool.capacity[j] = unlimited;
      }
    }
    if (edges + length > room) {
      // Grow to the size the rows so far predict for all rows (one copy, little slack).
      const predicted = Math.ceil(((edges + length) / (j + 1)) * nMentors * 1.05);
      room = Math.max(edges + length, Math.min(predicted, nMentees * nMentors), Math.min(room * 2, nMentees * nMentors));
      const grownMentee = new Int32Array(room);
      grownMentee.set(mentee.subarray(0, edges));
      mentee = grownMentee;
      const grownScore = new Int16Array(room);
      grownScore.set(score.subarray(0, edges));
      score = grownScore;
    }
    // Place the solver entries by key (stable: mentee order within a key), then the others.
    const solverCount = row.solverCount;
    solverEnd[j] = edges + solverCount;
    const levelAt = j * (nLevels + 1);
    if (solverCount <= SHORT_ROW) insertionPlace(row, length, edges, solverCount, nLevels, mentee, score, levelStart, levelAt);
    else if (twoDigits) radixPlace(row, length, edges, solverCount, nLevels, mentee, score, levelStart, levelAt);
    else countingPlace(row, length, edges, solverCount, nLevels, keys, mentee, score, levelStart, levelAt);
    candidatePairs += row.candidates;
    edges += length;
  }
  start[nMentors] = edges;
  return {
    ...pool,
    start,
    solverEnd,
    levels: nLevels,
    level,
    levelStart,
    mentee: mentee.subarray(0, edges),
    score: score.subarray(0, edges),
    candidatePairs,
  };
}

/** An insertion sort, for a short row: the solver entries by key, then the others in row order. */
function insertionPlace(
  row: Row,
  length: number,
  edges: number,
  solverCount: number,
  nLevels: number,
  mentee: Int32Array,
  score: Int16Array,
  levelStart: Int32Array,
  levelAt: number,
): void {
  const keyBase = row.keyBase;
  let extra = edges + solverCount;
  let n = 0;
  for (let k = 0; k < length; k++) {
    const i = row.mentee[k]!;
    const s = row.score[k]!;
    if (row.kind[k] !== K_SOLVER) {
      mentee[extra] = i;
      score[extra++] = s;
      continue;
    }
    const key = keyBase[i]! + SCORE_MAX - s;
    if (!row.twoDigits) row.count[key + 1] = 0;
    let at = edges + n++;
    while (at > edges && keyBase[mentee[at - 1]!]! + SCORE_MAX - score[at - 1]! > key) {
      mentee[at] = mentee[at - 1]!;
      score[at] = score[at - 1]!;
      at--;
    }
    mentee[at] = i;
    score[at] = s;
  }
  let r = 0;
  for (let k = 0; k < n; k++) {
    const key = keyBase[mentee[edges + k]!]! + SCORE_MAX - score[edges + k]!;
    while (r <= nLevels && key >= r * 1001) levelStart[levelAt + r++] = edges + k;
  }
  while (r <= nLevels) levelStart[levelAt + r++] = edges + n;
}

/**
 * A radix sort in two stable passes (low digit, then high digit; the buckets were tallied while
 * the row was scored), for a longer row whose keys fit in two digits: fewer steps than a counting
 * sort over every key when the row is shorter than the keys.
 */
function radixPlace(
  row: Row,
  length: number,
  edges: number,
  solverCount: number,
  nLevels: number,
  mentee: Int32Array,
  score: Int16Array,
  levelStart: Int32Array,
  levelAt: number,
): void {
  const { keyBase, low, high, perRank, sortedMentee, sortedScore } = row;
  const rowMentee = row.mentee;
  const rowScore = row.score;
  const rowKind = row.kind;
  high[0] = edges;
  for (let d = 0; d < DIGITS; d++) {
    low[d + 1]! += low[d]!;
    high[d + 1]! += high[d]!;
  }
  let extra = edges + solverCount;
  for (let k = 0; k < length; k++) {
    const i = rowMentee[k]!;
    const s = rowScore[k]!;
    if (rowKind[k] !== K_SOLVER) {
      mentee[extra] = i;
      score[extra++] = s;
      continue;
    }
    const at = low[(keyBase[i]! + SCORE_MAX - s) & (DIGITS - 1)]!++;
    sortedMentee[at] = i;
    sortedScore[at] = s;
  }
  for (let k = 0; k < solverCount; k++) {
    const i = sortedMentee[k]!;
    const s = sortedScore[k]!;
    const at = high[(keyBase[i]! + SCORE_MAX - s) >> DIGIT_BITS]!++;
    mentee[at] = i;
    score[at] = s;
  }
  let at = edges;
  for (let r = 0; r < nLevels; r++) {
    levelStart[levelAt + r] = at;
    at += perRank[r]!;
  }
  levelStart[levelAt + nLevels] = at;
}

/** A counting sort over every key (tallied while the row was scored), for keys of more than two digits. */
function countingPlace(
  row: Row,
  length: number,
  edges: number,
  solverCount: number,
  nLevels: number,
  keys: number,
  mentee: Int32Array,
  score: Int16Array,
  levelStart: Int32Array,
  levelAt: number,
): void {
  const { count, keyBase } = row;
  count[0] = edges;
  for (let key = 0; key < keys; key++) count[key + 1]! += count[key]!;
  for (let r = 0; r <= nLevels; r++) levelStart[levelAt + r] = count[r * 1001]!;
  let extra = edges + solverCount;
  for (let k = 0; k < length; k++) {
    const i = row.mentee[k]!;
    const s = row.score[k]!;
    const at = row.kind[k] === K_SOLVER ? count[keyBase[i]! + SCORE_MAX - s]!++ : extra++;
    mentee[at] = i;
    score[at] = s;
  }
  count.fill(0);
}
