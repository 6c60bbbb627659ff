import { expect } from 'vitest';
import type { Command } from '../../src/core/command';
import type { Decider } from '../../src/core/decider';
import type { DomainError } from '../../src/core/errors';
import type { DomainEvent } from '../../src/core/event';

type ErrorClass = abstract new (...args: never[]) => DomainError;

/** given([events]).when(command).then([events]) / .thenThrows(ErrorClass, /message/, rule) */
export const spec = <C extends Command, S, E extends DomainEvent>(decider: Decider<C, S, E>) => ({
  given: (events: readonly E[]) => ({
    when: (command: C) => {
      const state = events.reduce(decider.evolve, decider.initialState());
      const run = () => decider.decide(command, state);
      return {
        /** The decided events equal these exactly. */
        // biome-ignore lint/suspicious/noThenProperty: emmett's given/when/then reads as a sentence; this object is never awaited.
        then: (expected: readonly E[]) => expect(run()).toEqual(expected),
        /** The decided events match these (subset of fields, same count and order). */
        thenMatches: (expected: readonly unknown[]) => {
          const actual = run();
          expect(actual).toHaveLength(expected.length);
          expect(actual).toMatchObject(expected as unknown[]);
          return actual;
        },
        /** Nothing to do. */
        thenNothing: () => expect(run()).toEqual([]),
        thenThrows: (type: ErrorClass, message?: RegExp, rule?: string) => {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught, 'the command was expected to be rejected').toBeInstanceOf(type);
          if (message) expect((caught as Error).message).toMatch(message);
          if (rule) expect((caught as DomainError).rule).toBe(rule);
          return caught as DomainError;
        },
        state,
      };
    },
  }),
});
