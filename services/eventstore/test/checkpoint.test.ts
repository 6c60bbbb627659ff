import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pad, pairCheckpoint, parsePairCheckpoint, parseSingleCheckpoint, singleCheckpoint } from '../src/core/checkpoint';

/** Every position a store can hand out: SQLite rowids and PostgreSQL's xid8 and bigint are below 2^64. */
const position = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });

describe('checkpoints', () => {
  it('pads numbers, bigints and decimal texts to the same twenty digits', () => {
    expect(pad(0)).toBe('00000000000000000000');
    expect(pad(7)).toBe('00000000000000000007');
    expect(pad(123_456_789n)).toBe('00000000000123456789');
    expect(pad('42')).toBe('00000000000000000042');
    expect(pad(Number.MAX_SAFE_INTEGER)).toBe('00009007199254740991');
    expect(pad(2n ** 64n - 1n)).toBe('18446744073709551615');
  });

  it('compare as strings the way their positions compare as numbers', () => {
    fc.assert(
      fc.property(position, position, (a, b) => {
        const order = a < b ? -1 : a > b ? 1 : 0;
        const [x, y] = [singleCheckpoint(a), singleCheckpoint(b)];
        expect(x < y ? -1 : x > y ? 1 : 0).toBe(order);
      }),
    );
  });

  it('read back as the positions they were made of', () => {
    fc.assert(
      fc.property(position, position, (major, minor) => {
        expect(parseSingleCheckpoint(singleCheckpoint(minor))).toBe(minor);
        expect(parsePairCheckpoint(pairCheckpoint(major, minor))).toEqual([major, minor]);
        expect(pairCheckpoint(`${major}`, minor)).toBe(`${pad(`${major}`)}-${pad(minor)}`);
      }),
    );
  });
});
