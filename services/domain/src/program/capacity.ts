import { tierLabel } from '../template/template.rules';
import { type ApplicationRecord, forbiddenKey, type PairRecord, type Program } from './program.state';

/** Pending (proposed or fixed) and confirmed pairs: the ones that hold a mentor's place. */
export const isActive = (pair: PairRecord): boolean => pair.status === 'proposed' || pair.status === 'confirmed';

export const activePairs = (state: Program): PairRecord[] => Object.values(state.pairs).filter(isActive);

export const mentorLoad = (state: Program, mentorApplicationId: string): number =>
  activePairs(state).filter((p) => p.mentorApplicationId === mentorApplicationId).length;

export const isMatched = (state: Program, menteeApplicationId: string): boolean =>
  activePairs(state).some((p) => p.menteeApplicationId === menteeApplicationId);

export const applicationsOf = (state: Program, role: 'mentor' | 'mentee'): ApplicationRecord[] =>
  Object.values(state.applications)
    .filter((a) => a.role === role)
    .sort((a, b) => a.seq - b.seq);

/** Places a mentor still has: 0 unless the mentor is eligible. `load`: their pending and confirmed pairs, if already counted. */
export const freePlaces = (state: Program, mentor: ApplicationRecord, load = mentorLoad(state, mentor.applicationId)): number =>
  mentor.status === 'eligible' ? Math.max(0, mentor.capacity - load) : 0;

export const isForbidden = (state: Program, mentorApplicationId: string, menteeApplicationId: string): boolean =>
  forbiddenKey(mentorApplicationId, menteeApplicationId) in state.forbidden;

/** Whether this mentor may be paired with this mentee at all: not forbidden, not the same person. */
const mayPair = (state: Program, mentor: ApplicationRecord, mentee: ApplicationRecord): boolean =>
  !isForbidden(state, mentor.applicationId, mentee.applicationId) && mentor.personId !== mentee.personId;

/** Tier order: lower tiers first; with tiers configured, an untiered mentee comes after every tier. */
export const tierRank = (tier: number | null): number => tier ?? Number.MAX_SAFE_INTEGER;

/**
 * The priority-tier rule (VRT: "our priority will be to match Mentors with new librarians first"):
 * a mentee may be proposed only when no unmatched mentee of a higher-priority tier still has an
 * eligible mentor with a free place. Returns that mentee, or null when the proposal may proceed.
 */
/**
 * What the pair rules count, taken from a state once: pending and confirmed pairs by mentee and
 * by mentor, and the mentees in submission order. Adopting a run keeps one up to date as it
 * proposes, instead of recounting the pairs and resorting the mentees for every proposal.
 */
export interface PairCounts {
  matched: Set<string>;
  load: Map<string, number>;
  menteesBySeq: ApplicationRecord[];
}

export const pairCounts = (state: Program): PairCounts => {
  const matched = new Set<string>();
  const load = new Map<string, number>();
  for (const p of activePairs(state)) {
    matched.add(p.menteeApplicationId);
    load.set(p.mentorApplicationId, (load.get(p.mentorApplicationId) ?? 0) + 1);
  }
  return { matched, load, menteesBySeq: applicationsOf(state, 'mentee') };
};

/** Counts a new pending pair (the applications themselves do not change while a run is adopted). */
export const countPair = (counts: PairCounts, mentorApplicationId: string, menteeApplicationId: string): void => {
  counts.matched.add(menteeApplicationId);
  counts.load.set(mentorApplicationId, (counts.load.get(mentorApplicationId) ?? 0) + 1);
};

export const tierBlocker = (state: Program, mentee: ApplicationRecord, counts: PairCounts = pairCounts(state)): ApplicationRecord | null => {
  if (state.template.tiers.length === 0) return null;
  const rank = tierRank(mentee.tier);
  // Mentors with a free place, listed once for all the candidates.
  let mentors: ApplicationRecord[] | undefined;
  const hasFreeMentor = (other: ApplicationRecord) => {
    mentors ??= applicationsOf(state, 'mentor').filter((m) => freePlaces(state, m, counts.load.get(m.applicationId) ?? 0) > 0);
    return mentors.some((m) => mayPair(state, m, other));
  };
  return (
    counts.menteesBySeq.find(
      (other) =>
        other.applicationId !== mentee.applicationId &&
        (other.status === 'eligible' || other.status === 'waitlisted') &&
        tierRank(other.tier) < rank &&
        !counts.matched.has(other.applicationId) &&
        hasFreeMentor(other),
    ) ?? null
  );
};

export const tierBlockerMessage = (state: Program, mentee: ApplicationRecord, blocker: ApplicationRecord): string =>
  `${tierLabel(state.template, blocker.tier)} are matched first: application ${blocker.applicationId} (${tierLabel(state.template, blocker.tier)}) is unmatched and a mentor with a free place could take them; pair them before proposing application ${mentee.applicationId} (${tierLabel(state.template, mentee.tier)})`;

/** Every free mentor place in the program. */
export const totalFreePlaces = (state: Program): number => applicationsOf(state, 'mentor').reduce((sum, m) => sum + freePlaces(state, m), 0);

/** Unmatched eligible (not waitlisted) mentees who come before `mentee` (lower tier, or same tier and earlier). */
export const menteesAhead = (state: Program, mentee: ApplicationRecord): ApplicationRecord[] =>
  applicationsOf(state, 'mentee').filter(
    (other) =>
      other.applicationId !== mentee.applicationId &&
      other.status === 'eligible' &&
      !isMatched(state, other.applicationId) &&
      (tierRank(other.tier) < tierRank(mentee.tier) || (tierRank(other.tier) === tierRank(mentee.tier) && other.seq < mentee.seq)),
  );

/** Free places left for this mentee once everyone ahead of them is served. */
export const placesLeftFor = (state: Program, mentee: ApplicationRecord): number => totalFreePlaces(state) - menteesAhead(state, mentee).length;

/**
 * The waitlisted mentee to promote next: lowest tier, then earliest application; null when none
 * has a place. Only the first in that order is asked: whoever is ahead of it (eligible, unmatched,
 * before it in that order) is ahead of every later one too, so places left only fall along the
 * order, and when the first has none nobody has. (Asking each in turn made this cubic in the
 * program's applications.)
 */
export const nextToPromote = (state: Program): ApplicationRecord | null => {
  let first: ApplicationRecord | null = null;
  // In application order: a later one replaces the first only with a lower tier.
  for (const a of applicationsOf(state, 'mentee')) if (a.status === 'waitlisted' && (!first || tierRank(a.tier) < tierRank(first.tier))) first = a;
  return first && placesLeftFor(state, first) > 0 ? first : null;
};
