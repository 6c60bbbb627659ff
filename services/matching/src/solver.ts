import type { CandidateGraph } from './candidates';

/**
 * A maximum-weight b-matching: mentees (at most one mentor each) and mentors (at most
 * `capacity[j]` mentees each) over the candidate rows of `graph`. Mentee i on any edge is worth
 * `bonus[i] + score`; bonuses encode priority tiers and coverage (see `objective.ts`). Every value
 * is an integer below 2^53, so every sum is exact.
 */
export interface AssignmentProblem {
  graph: CandidateGraph;
  bonus: Float64Array;
}

export interface Assignment {
  /** Per mentee, its mentor or -1. */
  mentorOf: Int32Array;
  /** Per mentee, the score of its pair or -1. */
  score: Int32Array;
  /** Per mentor, how many mentees the optimiser gave it. */
  load: Int32Array;
  /** The total value `Σ bonus + score` over matched mentees. */
  value: number;
}

const SELF = 0;
const FREE = 1;
const DROP = 2;

/** Min-heap of nodes keyed by `key[j]`, ties broken by index so the order is deterministic. */
class NodeHeap {
  private readonly items: Int32Array;
  private readonly position: Int32Array;
  size = 0;

  constructor(
    n: number,
    private readonly key: Float64Array,
  ) {
    this.items = new Int32Array(n);
    this.position = new Int32Array(n).fill(-1);
  }

  private less(a: number, b: number): boolean {
    const ka = this.key[a]!;
    const kb = this.key[b]!;
    return ka < kb || (ka === kb && a < b);
  }

  clear(): void {
    for (let k = 0; k < this.size; k++) this.position[this.items[k]!] = -1;
    this.size = 0;
  }

  /** Inserts j, or moves it up after its key decreased. */
  upsert(j: number): void {
    let at = this.position[j]!;
    if (at === -1) {
      at = this.size++;
      this.items[at] = j;
    }
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const p = this.items[parent]!;
      if (!this.less(j, p)) break;
      this.items[at] = p;
      this.position[p] = at;
      at = parent;
    }
    this.items[at] = j;
    this.position[j] = at;
  }

  pop(): number {
    const top = this.items[0]!;
    this.position[top] = -1;
    const last = this.items[--this.size]!;
    if (this.size > 0) {
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        if (left >= this.size) break;
        const right = left + 1;
        const child = right < this.size && this.less(this.items[right]!, this.items[left]!) ? right : left;
        const c = this.items[child]!;
        if (!this.less(c, last)) break;
        this.items[at] = c;
        this.position[c] = at;
        at = child;
      }
      this.items[at] = last;
      this.position[last] = at;
    }
    return top;
  }
}

/** The solver entries regrouped per mentee (by mentor index), for the mentee-side solver. */
function byMentee(graph: CandidateGraph): { start: Int32Array; mentor: Int32Array; score: Int16Array } {
  const nMentees = graph.optimise.length;
  const nMentors = graph.solverEnd.length;
  const start = new Int32Array(nMentees + 1);
  for (let j = 0; j < nMentors; j++) {
    for (let e = graph.start[j]!; e < graph.solverEnd[j]!; e++) start[graph.mentee[e]! + 1]!++;
  }
  for (let i = 0; i < nMentees; i++) start[i + 1]! += start[i]!;
  const cursor = start.slice(0, nMentees);
  const mentor = new Int32Array(start[nMentees]!);
  const score = new Int16Array(start[nMentees]!);
  for (let j = 0; j < nMentors; j++) {
    for (let e = graph.start[j]!; e < graph.solverEnd[j]!; e++) {
      const at = cursor[graph.mentee[e]!]!++;
      mentor[at] = j;
      score[at] = graph.score[e]!;
    }
  }
  return { start, mentor, score };
}

/**
 * The order mentees enter the mentee-side solver: higher bonus, then better best candidate, then
 * index. Any order gives an optimum; this one lets strong mentees settle first.
 */
function entryOrder(optimise: Uint8Array, start: Int32Array, score: Int16Array, bonus: Float64Array): Int32Array {
  const members: number[] = [];
  const best = new Int32Array(optimise.length).fill(-1);
  for (let i = 0; i < optimise.length; i++) {
    if (optimise[i] === 0) continue;
    members.push(i);
    for (let e = start[i]!; e < start[i + 1]!; e++) if (score[e]! > best[i]!) best[i] = score[e]!;
  }
  members.sort((a, b) => bonus[b]! - bonus[a]! || best[b]! - best[a]! || a - b);
  return Int32Array.from(members);
}

/**
 * Solves the b-matching exactly from the mentees' side: a Hungarian method that lets mentees enter one at a time and
 * keeps an optimal assignment of the mentees seen so far, with a price per mentor (shared by its
 * places) and a profit per mentee as dual variables. When a mentee enters, a Dijkstra search over
 * mentors, on reduced costs that the duals keep non-negative, finds the best of: a free place,
 * a chain of moves ending at a free place, a chain that pushes a mentee out, or leaving the new
 * mentee out. A mentee left out never comes back (more competition cannot help it), so each search
 * stops as soon as no path can beat the best ending found. Capacities stay on the mentor nodes,
 * so memory grows with the candidate edges, not with mentees × places.
 */
export function solveByMentees(problem: AssignmentProblem): Assignment {
  const { graph, bonus } = problem;
  const nMentees = graph.optimise.length;
  const nMentors = graph.solverEnd.length;
  const capacity = graph.capacity;
  const { start, mentor, score } = byMentee(graph);
  const order = entryOrder(graph.optimise, start, score, bonus);
  const slotStart = new Int32Array(nMentors + 1);
  for (let j = 0; j < nMentors; j++) slotStart[j + 1] = slotStart[j]! + Math.max(0, capacity[j]!);
  const slotMentee = new Int32Array(slotStart[nMentors]!);
  const load = new Int32Array(nMentors);
  const price = new Float64Array(nMentors);
  const profit = new Float64Array(nMentees);
  const mentorOf = new Int32Array(nMentees).fill(-1);
  const edgeOf = new Int32Array(nMentees).fill(-1);
  const slotOf = new Int32Array(nMentees).fill(-1);

  const dist = new Float64Array(nMentors);
  const seen = new Int32Array(nMentors);
  const done = new Int32Array(nMentors);
  const predMentee = new Int32Array(nMentors);
  const predEdge = new Int32Array(nMentors);
  const popped = new Int32Array(nMentors);
  const reached = new Int32Array(nMentees);
  const reachedDist = new Float64Array(nMentees);
  const heap = new NodeHeap(nMentors, dist);
  let stamp = 0;

  for (let o = 0; o < order.length; o++) {
    const i0 = order[o]!;
    const b0 = bonus[i0]!;
    const e0 = start[i0]!;
    const e1 = start[i0 + 1]!;
    let best = 0;
    for (let e = e0; e < e1; e++) {
      const v = b0 + score[e]! - price[mentor[e]!]!;
      if (v > best) best = v;
    }
    if (best <= 0) continue;
    let direct = -1;
    for (let e = e0; e < e1; e++) {
      const j = mentor[e]!;
      if (load[j]! < capacity[j]! && b0 + score[e]! - price[j]! === best) {
        direct = e;
        break;
      }
    }
    if (direct >= 0) {
      const j = mentor[direct]!;
      const slot = slotStart[j]! + load[j]!++;
      slotMentee[slot] = i0;
      mentorOf[i0] = j;
      edgeOf[i0] = direct;
      slotOf[i0] = slot;
      profit[i0] = best;
      continue;
    }

    stamp++;
    heap.clear();
    const u0 = best;
    let bound = u0;
    let ending = SELF;
    let endNode = -1;
    for (let e = e0; e < e1; e++) {
      const j = mentor[e]!;
      const d = u0 - (b0 + score[e]! - price[j]!);
      if (d >= bound) continue;
      if (seen[j] !== stamp || d < dist[j]!) {
        seen[j] = stamp;
        dist[j] = d;
        predMentee[j] = i0;
        predEdge[j] = e;
        heap.upsert(j);
      }
    }
    let nPopped = 0;
    let nReached = 0;
    while (heap.size > 0) {
      const j = heap.pop();
      const d = dist[j]!;
      if (d >= bound) break;
      done[j] = stamp;
      popped[nPopped++] = j;
      if (load[j]! < capacity[j]!) {
        bound = d;
        ending = FREE;
        endNode = j;
        break;
      }
      const s1 = slotStart[j]! + load[j]!;
      for (let s = slotStart[j]!; s < s1; s++) {
        const i1 = slotMentee[s]!;
        const u1 = profit[i1]!;
        reached[nReached] = i1;
        reachedDist[nReached++] = d;
        if (d + u1 < bound) {
          bound = d + u1;
          ending = DROP;
          endNode = i1;
        }
        const base = d + u1 - bonus[i1]!;
        const f1 = start[i1 + 1]!;
        for (let e = start[i1]!; e < f1; e++) {
          const j2 = mentor[e]!;
          const nd = base + price[j2]! - score[e]!;
          if (nd >= bound || done[j2] === stamp) continue;
          if (seen[j2] !== stamp || nd < dist[j2]!) {
            seen[j2] = stamp;
            dist[j2] = nd;
            predMentee[j2] = i1;
            predEdge[j2] = e;
            heap.upsert(j2);
          }
        }
      }
    }

    for (let k = 0; k < nPopped; k++) {
      const j = popped[k]!;
      price[j]! += bound - dist[j]!;
    }
    for (let k = 0; k < nReached; k++) profit[reached[k]!]! -= bound - reachedDist[k]!;
    profit[i0] = u0 - bound;
    if (ending === SELF) continue;

    let j: number;
    let slot: number;
    if (ending === FREE) {
      j = endNode;
      slot = slotStart[j]! + load[j]!++;
    } else {
      j = mentorOf[endNode]!;
      slot = slotOf[endNode]!;
      mentorOf[endNode] = -1;
      edgeOf[endNode] = -1;
      slotOf[endNode] = -1;
    }
    for (;;) {
      const i = predMentee[j]!;
      const nextMentor = mentorOf[i]!;
      const nextSlot = slotOf[i]!;
      slotMentee[slot] = i;
      mentorOf[i] = j;
      edgeOf[i] = predEdge[j]!;
      slotOf[i] = slot;
      if (i === i0) break;
      j = nextMentor;
      slot = nextSlot;
    }
  }

  let value = 0;
  const pairScore = new Int32Array(nMentees).fill(-1);
  for (let i = 0; i < nMentees; i++) {
    const e = edgeOf[i]!;
    if (e < 0) continue;
    pairScore[i] = score[e]!;
    value += bonus[i]! + score[e]!;
  }
  return { mentorOf, score: pairScore, load, value };
}

/**
 * Solves the b-matching exactly from the mentors' side: successive shortest paths that add the
 * mentors' places one at a time, on a flow network (place → mentee → sink, or the place stays
 * empty) with node potentials that keep reduced costs non-negative. Each new place runs one
 * Dijkstra search over mentees and mentors; since each mentor's list is sorted by value and a
 * mentee's potential never rises above 0, the scan of a mentor stops at the first mentee that
 * cannot beat the best ending found, usually right after the best free mentee. Matched mentees
 * stay matched (they may move), so each search is short when mentees outnumber places.
 */
export function solveByPlaces(problem: AssignmentProblem): Assignment {
  const { graph, bonus } = problem;
  const nMentees = graph.optimise.length;
  const nMentors = graph.solverEnd.length;
  const capacity = graph.capacity;
  const mStart = graph.start;
  const mEnd = graph.solverEnd;
  const mMentee = graph.mentee;
  const mScore = graph.score;
  const nodes = nMentees + nMentors;
  // Potentials: mentees at 0..nMentees-1 (never above 0), mentors after them (never below 0).
  const phi = new Float64Array(nodes);
  for (let j = 0; j < nMentors; j++) {
    const first = mStart[j]!;
    phi[nMentees + j] = first < mEnd[j]! ? Math.max(0, bonus[mMentee[first]!]! + mScore[first]!) : 0;
  }
  const mentorOf = new Int32Array(nMentees).fill(-1);
  const edgeOf = new Int32Array(nMentees).fill(-1);
  const dist = new Float64Array(nodes);
  const seen = new Int32Array(nodes);
  // For a mentee: the mentor that takes it; for a mentor: the mentee that leaves it.
  const pred = new Int32Array(nodes);
  const predEdge = new Int32Array(nMentees);
  const popped = new Int32Array(nMentors);
  const reached = new Int32Array(nMentees);
  const epoch = new Int32Array(nMentees);
  const done = new Int32Array(nodes);
  const heap = new NodeHeap(nodes, dist);
  let stamp = 0;

  // A lower bound, per value level, of -phi over that level's mentees (0 while one of them is free:
  // a free mentee's potential stays 0). It lets a scan skip a level of a mentor's list whose best
  // entry cannot beat the best ending found, typically a higher tier whose mentees are all placed.
  const levels = graph.levels;
  const levelStart = graph.levelStart;
  const stride = levels + 1;
  const level = graph.level;
  const lowNeg = new Float64Array(levels);
  const freeLeft = new Int32Array(levels);
  const members: number[][] = Array.from({ length: levels }, () => []);
  for (let i = 0; i < nMentees; i++) {
    const r = level[i]!;
    if (r < 0) continue;
    freeLeft[r]!++;
    members[r]!.push(i);
  }
  const touched = new Uint8Array(levels);
  const refresh = () => {
    for (let r = 0; r < levels; r++) {
      if (touched[r] === 0) continue;
      touched[r] = 0;
      if (freeLeft[r]! > 0) continue;
      let low = Number.POSITIVE_INFINITY;
      for (const i of members[r]!) if (-phi[i]! < low) low = -phi[i]!;
      lowNeg[r] = low;
    }
  };

  for (let j0 = 0; j0 < nMentors; j0++) {
    const places = capacity[j0]!;
    for (let unit = 0; unit < places; unit++) {
      stamp++;
      heap.clear();
      const root = nMentees + j0;
      let bound = phi[root]!; // the new place stays empty
      let endNode = root;
      seen[root] = stamp;
      dist[root] = 0;
      let nPopped = 0;
      let nReached = 0;
      let v = root;
      let d = 0;
      // Only mentors enter the heap. A placed mentee is a step on the way to its mentor: when its
      // distance improves, its mentor is relaxed at once. On equal distances the mentor keeps the
      // mentee that a heap of mentees and mentors would have popped first, so the paths, and the
      // result, are those of that heap: smaller distance first; at equal distances, mentees reached
      // before any mentor at that distance was popped (epoch 0), then those reached from each such
      // mentor in the order they were popped (epoch: its pop number); then the smaller index.
      for (;;) {
        popped[nPopped++] = v;
        done[v] = stamp;
        {
          const j = v - nMentees;
          const base = d + phi[v]!;
          if (base < bound) {
            bound = base; // this mentor leaves a place empty
            endNode = v;
          }
          // Lower levels first: their free mentees lower the bound before the higher levels,
          // whose mentees are mostly placed, are scanned. The order of relaxations within a row
          // changes nothing else: each mentee appears once, and endings of different levels differ.
          for (let r = levels - 1; r >= 0; r--) {
            const e1 = levelStart[j * stride + r + 1]!;
            const low = lowNeg[r]!;
            for (let e = levelStart[j * stride + r]!; e < e1; e++) {
              const i = mMentee[e]!;
              const w = bonus[i]! + mScore[e]!;
              if (base - w + low >= bound) break;
              const at = mentorOf[i]!;
              if (at === j) continue;
              const nd = base - w - phi[i]!;
              if (nd >= bound) continue;
              if (at === -1) {
                bound = nd;
                endNode = i;
                pred[i] = j;
                predEdge[i] = e;
                seen[i] = stamp;
                dist[i] = nd;
              } else if (seen[i] !== stamp || nd < dist[i]!) {
                if (seen[i] !== stamp) reached[nReached++] = i;
                seen[i] = stamp;
                dist[i] = nd;
                epoch[i] = nd === d ? nPopped : 0;
                pred[i] = j;
                predEdge[i] = e;
                const holder = nMentees + at;
                const hd = nd + bonus[i]! + mScore[edgeOf[i]!]! + phi[i]! - phi[holder]!;
                if (hd >= bound || done[holder] === stamp) continue;
                if (seen[holder] !== stamp || hd < dist[holder]!) {
                  seen[holder] = stamp;
                  dist[holder] = hd;
                  pred[holder] = i;
                  heap.upsert(holder);
                } else if (hd === dist[holder]!) {
                  const other = pred[holder]!;
                  const od = dist[other]!;
                  if (nd < od || (nd === od && (epoch[i]! < epoch[other]! || (epoch[i] === epoch[other] && i < other)))) pred[holder] = i;
                }
              }
            }
          }
        }
        if (heap.size === 0) break;
        v = heap.pop();
        d = dist[v]!;
        if (d >= bound) break;
      }
      for (let k = 0; k < nPopped; k++) {
        const x = popped[k]!;
        phi[x]! += dist[x]! - bound;
      }
      for (let k = 0; k < nReached; k++) {
        const i = reached[k]!;
        if (dist[i]! >= bound) continue;
        phi[i]! += dist[i]! - bound;
        touched[level[i]!] = 1;
      }
      if (endNode < nMentees) {
        const r = level[endNode]!;
        freeLeft[r]!--;
        touched[r] = 1;
        // A free mentee joins; each mentor on the way takes the mentee that reached it.
        let i = endNode;
        for (;;) {
          const j = pred[i]!;
          mentorOf[i] = j;
          edgeOf[i] = predEdge[i]!;
          if (j === j0) break;
          i = pred[nMentees + j]!;
        }
      } else {
        // A mentor on the way leaves a place empty (or the new place stays empty).
        let j = endNode - nMentees;
        while (j !== j0) {
          const i = pred[nMentees + j]!;
          const take = pred[i]!;
          mentorOf[i] = take;
          edgeOf[i] = predEdge[i]!;
          j = take;
        }
      }
      refresh();
    }
  }

  const load = new Int32Array(nMentors);
  const pairScore = new Int32Array(nMentees).fill(-1);
  let value = 0;
  for (let i = 0; i < nMentees; i++) {
    const j = mentorOf[i]!;
    if (j < 0) continue;
    load[j]!++;
    pairScore[i] = mScore[edgeOf[i]!]!;
    value += bonus[i]! + pairScore[i]!;
  }
  return { mentorOf, score: pairScore, load, value };
}

/**
 * Solves the b-matching exactly, from whichever side has fewer units to add: the places when
 * mentees outnumber them (the usual case), else the mentees.
 */
export function solveAssignment(problem: AssignmentProblem): Assignment {
  const { graph } = problem;
  let places = 0;
  for (let j = 0; j < graph.capacity.length; j++) places += Math.max(0, graph.capacity[j]!);
  let entering = 0;
  for (let i = 0; i < graph.optimise.length; i++) entering += graph.optimise[i]!;
  return places <= entering ? solveByPlaces(problem) : solveByMentees(problem);
}
