/**
 * Flags shared by `sweep` and `compare`: `--seeds`, `--workers`, `--shard`, and the parsing of
 * `--vary path=v1,v2,...` values. Bad values fail with commander's "option '--x' argument 'y' is
 * invalid" (exit 2) and a sentence saying what is allowed.
 */
import { InvalidArgumentError } from 'commander';

/** The most runs one sweep may plan (a typo like `--seeds 1..1e9` should not start). */
export const MAX_JOBS = 1_000_000;

const WHOLE = /^[0-9]+$/;

function whole(text: string): number | null {
  const t = text.trim();
  const n = Number(t);
  return WHOLE.test(t) && Number.isSafeInteger(n) ? n : null;
}

/**
 * `--seeds`: a range `1..30` (inclusive), a list `1,5,9`, or both `1..10,42`; every seed a whole
 * number >= 0, none twice. Returned in the order given.
 */
export function parseSeeds(value: string): number[] {
  const expected = 'Expected a range like 1..30, a list like 1,5,9, or both (1..10,42): whole numbers >= 0.';
  const seeds: number[] = [];
  const seen = new Set<number>();
  const add = (seed: number) => {
    if (seen.has(seed)) throw new InvalidArgumentError(`Seed ${seed} is given twice. ${expected}`);
    seen.add(seed);
    seeds.push(seed);
    if (seeds.length > MAX_JOBS) throw new InvalidArgumentError(`More than ${MAX_JOBS} seeds.`);
  };
  for (const part of value.split(',')) {
    const range = part.split('..');
    if (range.length === 2) {
      const from = whole(range[0]);
      const to = whole(range[1]);
      if (from === null || to === null) throw new InvalidArgumentError(expected);
      if (to < from) {
        throw new InvalidArgumentError(
          `The range ${part.trim()} is empty (it ends before it starts). ${expected}`,
        );
      }
      if (to - from >= MAX_JOBS) throw new InvalidArgumentError(`More than ${MAX_JOBS} seeds.`);
      for (let s = from; s <= to; s++) add(s);
    } else {
      const seed = range.length === 1 ? whole(part) : null;
      if (seed === null) throw new InvalidArgumentError(expected);
      add(seed);
    }
  }
  return seeds;
}

/** `--workers`: a whole number >= 1. */
export function parseWorkers(value: string): number {
  const n = whole(value);
  if (n === null || n < 1 || n > 1024) {
    throw new InvalidArgumentError(
      'Expected a whole number of worker threads from 1 to 1024, e.g. --workers 4.',
    );
  }
  return n;
}

/** Which part of a sweep one machine runs: shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** `--shard i/n`: 1 <= i <= n. */
export function parseShard(value: string): Shard {
  const m = /^\s*([0-9]+)\s*\/\s*([0-9]+)\s*$/.exec(value);
  const expected = 'Expected i/n with 1 <= i <= n, e.g. --shard 2/4 for the second of four machines.';
  if (m === null) throw new InvalidArgumentError(expected);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_JOBS)
    throw new InvalidArgumentError(`There must be 1 or more shards. ${expected}`);
  if (index < 1 || index > count) {
    throw new InvalidArgumentError(`Shard ${index} does not exist in ${count} shards. ${expected}`);
  }
  return { index, count };
}

/** A value as `--set` reads it: JSON if it parses, else the plain string. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** How a vary value is shown: strings as they are, anything else as JSON. */
export function valueLabel(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
