import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exp, log } from '../../../sim-core/random/det-math.ts';

const f64 = new Float64Array(2);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint32Array(new Float64Array([1]).buffer)[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/** Distance in units in the last place, from the bit patterns (exact up to 2^53 ulps). */
function ulpDistance(a: number, b: number): number {
  if (Object.is(a, b)) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.POSITIVE_INFINITY;
  f64[0] = a;
  f64[1] = b;
  const hiA = u32[HI] & 0x7fffffff;
  const loA = u32[LO];
  const hiB = u32[2 + HI] & 0x7fffffff;
  const loB = u32[2 + LO];
  // Same sign: the magnitude bit patterns are ordered like the values; otherwise both count from 0.
  if (a < 0 === b < 0 && !(a === 0 || b === 0)) return Math.abs((hiA - hiB) * 2 ** 32 + (loA - loB));
  return (hiA + hiB) * 2 ** 32 + loA + loB;
}

/** A small deterministic generator for the inputs (xorshift32), independent of the code under test. */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function fromWords(hi: number, lo: number): number {
  u32[HI] = hi >>> 0;
  u32[LO] = lo >>> 0;
  return f64[0];
}

interface Comparison {
  maxUlp: number;
  equal: number;
  total: number;
  worst: number;
}

function compare(
  inputs: Float64Array,
  mine: (x: number) => number,
  reference: (x: number) => number,
): Comparison {
  let maxUlp = 0;
  let equal = 0;
  let worst = Number.NaN;
  for (let i = 0; i < inputs.length; i++) {
    const x = inputs[i];
    const d = ulpDistance(mine(x), reference(x));
    if (d === 0) equal++;
    else if (d > maxUlp) {
      maxUlp = d;
      worst = x;
    }
  }
  return { maxUlp, equal, total: inputs.length, worst };
}

function report(name: string, c: Comparison): void {
  const pct = ((100 * c.equal) / c.total).toFixed(4);
  console.info(
    `${name}: ${c.total} inputs, max ${c.maxUlp} ulp vs Math (worst input ${c.maxUlp === 0 ? 'none' : c.worst}), ${pct}% bit-equal`,
  );
}

describe('ulpDistance (the yardstick)', () => {
  it('counts representable doubles between two values', () => {
    expect(ulpDistance(1, 1 + 2 ** -52)).toBe(1);
    expect(ulpDistance(1, 1 - 2 ** -53)).toBe(1);
    expect(ulpDistance(Number.MIN_VALUE, -Number.MIN_VALUE)).toBe(2);
    expect(ulpDistance(Number.MAX_VALUE, Number.POSITIVE_INFINITY)).toBe(1);
    expect(ulpDistance(2, 2 + 3 * 2 ** -51)).toBe(3);
  });
});

describe('det-math log', () => {
  it('is within 1 ulp of Math.log over 2,000,000 inputs across all binades', () => {
    const rnd = xorshift(0x1f2e3d4c);
    const inputs = new Float64Array(2_000_000);
    let n = 0;
    // Every binade of positive doubles, subnormals included, by random bit patterns.
    for (let i = 0; i < 800_000; i++) inputs[n++] = fromWords(rnd() * 0x7ff00000, rnd() * 2 ** 32);
    // Subnormals alone (exponent field 0).
    for (let i = 0; i < 100_000; i++) inputs[n++] = fromWords(rnd() * 0x00100000, rnd() * 2 ** 32);
    // Near 1, where log's relative error is hardest to keep: 1 + tiny and the [0.5, 2] range.
    for (let i = 0; i < 400_000; i++) {
      const delta = (rnd() - 0.5) * 2 ** -(rnd() * 52);
      inputs[n++] = 1 + delta;
    }
    for (let i = 0; i < 300_000; i++) inputs[n++] = 0.5 + 1.5 * rnd();
    // Uniform draws in (0, 1), as the samplers use them.
    for (let i = 0; i < 200_000; i++) inputs[n++] = (Math.floor(rnd() * 2 ** 32) + 1) / 2 ** 32;
    // Ordinary magnitudes.
    while (n < inputs.length) inputs[n++] = rnd() * 1e6;

    const c = compare(inputs, log, Math.log);
    report('log', c);
    expect(c.maxUlp).toBeLessThanOrEqual(1);
    expect(c.equal / c.total).toBeGreaterThan(0.9);
  });

  it('gives the special values Math.log gives', () => {
    expect(log(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(log(-0)).toBe(Number.NEGATIVE_INFINITY);
    expect(log(-1)).toBeNaN();
    expect(log(-Number.MIN_VALUE)).toBeNaN();
    expect(log(Number.NEGATIVE_INFINITY)).toBeNaN();
    expect(log(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(log(Number.NaN)).toBeNaN();
    expect(Object.is(log(1), 0)).toBe(true);
    for (const x of [
      Number.MIN_VALUE,
      2.2250738585072014e-308,
      2.225073858507201e-308,
      Number.MAX_VALUE,
      2,
      0.5,
    ]) {
      expect(ulpDistance(log(x), Math.log(x))).toBeLessThanOrEqual(1);
    }
    expect(log(Math.E)).toBe(1);
    // Against correctly rounded constants, not against another engine's log.
    expect(ulpDistance(log(2), Math.LN2)).toBeLessThanOrEqual(1);
    expect(ulpDistance(log(10), Math.LN10)).toBeLessThanOrEqual(1);
  });
});

describe('det-math exp', () => {
  it('is within 1 ulp of Math.exp over 2,000,000 inputs in [-745, 709.78]', () => {
    const rnd = xorshift(0x5eed1234);
    const inputs = new Float64Array(2_000_000);
    let n = 0;
    for (let i = 0; i < 1_000_000; i++) inputs[n++] = -745 + (709.78 + 745) * rnd();
    // Dense near 0: magnitudes from 2^-60 to 2^3, both signs.
    for (let i = 0; i < 600_000; i++) {
      const x = 2 ** (3 - 63 * rnd()) * (0.5 + rnd());
      inputs[n++] = rnd() < 0.5 ? -x : x;
    }
    // Subnormal results and the overflow edge.
    for (let i = 0; i < 200_000; i++) inputs[n++] = -745.13 + 37 * rnd();
    while (n < inputs.length) inputs[n++] = 709.782712893384 - 2 * rnd();

    const c = compare(inputs, exp, Math.exp);
    report('exp', c);
    expect(c.maxUlp).toBeLessThanOrEqual(1);
    expect(c.equal / c.total).toBeGreaterThan(0.9);
  });

  it('gives the special values Math.exp gives', () => {
    expect(exp(Number.NaN)).toBeNaN();
    expect(exp(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(Object.is(exp(Number.NEGATIVE_INFINITY), 0)).toBe(true);
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    expect(exp(1)).toBe(Math.E);
    expect(ulpDistance(exp(Math.LN2), 2)).toBeLessThanOrEqual(1);
    expect(ulpDistance(exp(-1), 0.36787944117144233)).toBeLessThanOrEqual(1); // 1/e correctly rounded
    expect(exp(710)).toBe(Number.POSITIVE_INFINITY);
    expect(exp(1000)).toBe(Number.POSITIVE_INFINITY);
    expect(Object.is(exp(-746), 0)).toBe(true);
    expect(Object.is(exp(-1e10), 0)).toBe(true);
    // The largest finite result and the smallest subnormal one.
    expect(exp(709.782712893384)).toBe(Math.exp(709.782712893384));
    expect(Number.isFinite(exp(709.782712893384))).toBe(true);
    expect(exp(-745.1332191019411)).toBe(Number.MIN_VALUE);
    for (const x of [
      -708.5,
      -720,
      -740,
      -744.44,
      2 ** -30,
      -(2 ** -30),
      2 ** -1074,
      0.5 * Math.LN2,
      1.5 * Math.LN2,
    ]) {
      expect(ulpDistance(exp(x), Math.exp(x))).toBeLessThanOrEqual(1);
    }
  });
});

describe('sim-core/random sources', () => {
  it('call no engine-dependent Math function and no clock or Math.random', () => {
    const dir = join(import.meta.dirname, '../../../sim-core/random');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    const banned =
      /\bMath\.(log|log1p|log2|log10|exp|expm1|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|cbrt|hypot|random)\b|\bDate\.now\b|\bperformance\b|\*\*/;
    for (const file of files) {
      const code = readFileSync(join(dir, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      expect(code.match(banned)?.[0], file).toBeUndefined();
    }
  });
});
