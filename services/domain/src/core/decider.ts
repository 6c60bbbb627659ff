import type { Command } from './command';
import type { DomainEvent } from './event';

/**
 * Emmett's decider: `decide` turns a command and the current state into events (or throws a
 * `DomainError`); `evolve` folds one event into the state. Both are pure.
 */
export interface Decider<C extends Command, S, E extends DomainEvent> {
  initialState: () => S;
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
  /**
   * `evolve` on a state the caller owns: it may set the state's fields and replace entries of its
   * collections in place, never change an entry object (older states share those). A fold from
   * `initialState()` owns every state it makes; without it, each event copied whole collections
   * and loading a stream cost the square of its length.
   */
  evolveOwned?: (state: S, event: E) => S;
}

export const fold = <S, E>(evolve: (state: S, event: E) => S, initial: S, events: readonly E[]): S => events.reduce(evolve, initial);

/** Folds a whole stream from the initial state, in place where the decider can. */
export const foldStream = <S, E extends DomainEvent>(decider: Pick<Decider<never, S, E>, 'initialState' | 'evolve' | 'evolveOwned'>, events: readonly E[]): S =>
  events.reduce(decider.evolveOwned ?? decider.evolve, decider.initialState());
