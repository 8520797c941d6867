import { congestionLevel } from './congestion.js';

describe('congestionLevel', () => {
  it.each([
    [0, 'GREEN'],
    [499, 'GREEN'],
    [500, 'YELLOW'],
    [1_000, 'YELLOW'],
    [1_001, 'ORANGE'],
    [5_000, 'ORANGE'],
    [5_001, 'RED'],
    [6_000, 'RED'],
  ])('%i waiting → %s', (waiting, level) => {
    expect(congestionLevel(waiting)).toBe(level);
  });

  it('rejects nonsense counts', () => {
    expect(() => congestionLevel(-1)).toThrow(RangeError);
    expect(() => congestionLevel(Number.NaN)).toThrow(RangeError);
  });
});
