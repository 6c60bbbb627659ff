import { EventStoreValidationError } from './errors';
import type { Checkpoint } from './types';

const WIDTH = 20;

/** Fixed-width decimal, so that checkpoints compare correctly as strings. */
export const pad = (value: bigint | number): string => value.toString().padStart(WIDTH, '0');

export const singleCheckpoint = (position: bigint | number): Checkpoint => pad(position);

export const pairCheckpoint = (major: bigint | string, minor: bigint | number): Checkpoint => `${pad(BigInt(major))}-${pad(minor)}`;

const SINGLE = /^\d{20}$/;
const PAIR = /^(\d{20})-(\d{20})$/;

export const parseSingleCheckpoint = (checkpoint: Checkpoint): bigint => {
  if (typeof checkpoint !== 'string' || !SINGLE.test(checkpoint)) {
    throw new EventStoreValidationError(`checkpoint "${String(checkpoint).slice(0, 60)}" was not issued by this store`);
  }
  return BigInt(checkpoint);
};

export const parsePairCheckpoint = (checkpoint: Checkpoint): [bigint, bigint] => {
  const match = typeof checkpoint === 'string' ? PAIR.exec(checkpoint) : null;
  if (!match) throw new EventStoreValidationError(`checkpoint "${String(checkpoint).slice(0, 60)}" was not issued by this store`);
  return [BigInt(match[1] as string), BigInt(match[2] as string)];
};

export const maxCheckpoint = (a: Checkpoint | null, b: Checkpoint | null): Checkpoint | null => (a === null ? b : b === null ? a : a > b ? a : b);
