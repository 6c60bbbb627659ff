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
}

export const fold = <S, E>(evolve: (state: S, event: E) => S, initial: S, events: readonly E[]): S => events.reduce(evolve, initial);
