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

/** `--shard auto` reads the shard's 0-based index here: what a Kubernetes Indexed Job sets. */
export const SHARD_INDEX_VARIABLE = 'JOB_COMPLETION_INDEX';
/** `--shard auto` reads the number of shards here (the Job's `completions`). */
export const SHARD_COUNT_VARIABLE = 'FAULTLINE_SHARD_COUNT';

/**
 * The shard `--shard auto` means in `env`: index `JOB_COMPLETION_INDEX + 1` of
 * `FAULTLINE_SHARD_COUNT`, so that machine k of n (from 0) runs what `--shard k+1/n` runs.
 */
export function shardFromEnvironment(env: Readonly<Record<string, string | undefined>>): Shard {
  const expected =
    `--shard auto reads ${SHARD_INDEX_VARIABLE} (the 0-based index a Kubernetes Indexed Job sets; ` +
    `in a GitHub Actions matrix, set it to \${{ strategy.job-index }}) and ${SHARD_COUNT_VARIABLE} ` +
    `(the number of shards: the Job's completions, or \${{ strategy.job-total }}).`;
  const text = (name: string) => env[name]?.trim() ?? '';
  const missing = [SHARD_INDEX_VARIABLE, SHARD_COUNT_VARIABLE].filter((name) => text(name) === '');
  if (missing.length > 0) {
    throw new InvalidArgumentError(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. ${expected}`,
    );
  }
  const count = whole(text(SHARD_COUNT_VARIABLE));
  if (count === null || count < 1 || count > MAX_JOBS) {
    throw new InvalidArgumentError(
      `${SHARD_COUNT_VARIABLE} is "${text(SHARD_COUNT_VARIABLE)}"; allowed: a whole number from 1 to ${MAX_JOBS}. ${expected}`,
    );
  }
  const index = whole(text(SHARD_INDEX_VARIABLE));
  if (index === null || index >= count) {
    throw new InvalidArgumentError(
      `${SHARD_INDEX_VARIABLE} is "${text(SHARD_INDEX_VARIABLE)}"; allowed: a whole number from 0 to ${count - 1} ` +
        `(${SHARD_COUNT_VARIABLE} is ${count}). ${expected}`,
    );
  }
  return { index: index + 1, count };
}

/** `--shard i/n`: 1 <= i <= n; or `--shard auto`: see {@link shardFromEnvironment}. */
export function parseShard(value: string): Shard {
  if (value.trim() === 'auto') return shardFromEnvironment(process.env);
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
