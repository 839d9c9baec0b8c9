import { describe, expect, it } from 'vitest';
import { labOptions } from '../../bench/lab.ts';
import { builtInScenarioIds } from '../../scenarios/index.ts';

const fail = (message: string): never => {
  throw new Error(message);
};

describe('the lab bench options', () => {
  it('defaults to every lesson at 30x for 8 s', () => {
    expect(labOptions([], fail)).toEqual({ speed: 30, seconds: 8, lessons: builtInScenarioIds() });
  });

  it('takes a paced speed, a wall time and lessons', () => {
    expect(labOptions(['--speed', '100', '--seconds', '5', '--lessons', 'mm1,retry-storm'], fail)).toEqual({
      speed: 100,
      seconds: 5,
      lessons: ['mm1', 'retry-storm'],
    });
  });

  it('names the flag and the allowed values on bad input', () => {
    expect(() => labOptions(['--speed', 'max'], fail)).toThrow(
      '--speed: found max; allowed: 1, 2, 5, 10, 30, 100',
    );
    expect(() => labOptions(['--seconds', '1'], fail)).toThrow(
      '--seconds: found 1; allowed: a number from 3 to 600',
    );
    expect(() => labOptions(['--lessons', 'mm1,nope'], fail)).toThrow(
      /^--lessons: found nope; allowed: .*\bmm1\b/,
    );
  });
});
