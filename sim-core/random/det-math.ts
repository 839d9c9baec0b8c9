/**
 * Engine-independent `log` and `exp`.
 *
 * ECMAScript lets `Math.log`/`Math.exp` differ in the last bits between engines, and one differing
 * bit changes a simulation trace. These ports of fdlibm's `__ieee754_log` and `__ieee754_exp` use
 * only operations IEEE 754 defines exactly (+ - * /, comparisons, bit access to the double), so
 * every conforming engine returns the same bits. Error: below 1 ulp (fdlibm's documented bound).
 *
 * @module
 */

// Shared scratch doubles: [0] viewed as two 32-bit words, to read the sign and exponent bits, and
// the argument of `logOfScratch` and `expOfScratch`; [1] their result (see `log` for why).
const scratch = new Float64Array(2);
const words = new Uint32Array(scratch.buffer);
scratch[0] = 1;
// 1.0 is 0x3ff00000_00000000: whichever word holds 0x3ff00000 is the high word on this machine.
const HI = words[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

// POW2[n + 1024] = 2^n for n in [-1024, 1023], by repeated exact doubling and halving. Scaling by
// a table entry is exact like adding to the exponent field, and avoids writing half a double and
// reading it back whole, which defeats store-to-load forwarding and halved log's speed.
const POW2 = new Float64Array(2048);
for (let n = 0, p = 1; n < 1024; n++, p *= 2) POW2[1024 + n] = p;
for (let n = -1, p = 0.5; n >= -1024; n--, p *= 0.5) POW2[1024 + n] = p;

/**
 * Natural logarithm, bit-identical on every IEEE 754 engine.
 *
 * Specials match `Math.log`: log(±0) = -Infinity, log(x < 0) = NaN, log(Infinity) = Infinity,
 * log(NaN) = NaN; subnormal inputs are handled.
 *
 * Why a wrapper around {@link logOfScratch}: the algorithm is too large for V8 to inline into
 * its callers, and a call that is not inlined passes and returns a double boxed, two heap
 * numbers per call (most of three-tier's garbage: ten logs and eight exps per request). This
 * wrapper is small enough to inline everywhere, and the call it leaves passes nothing.
 */
export function log(x: number): number {
  scratch[0] = x;
  logOfScratch();
  return scratch[1];
}

/** fdlibm's `__ieee754_log` of `scratch[0]`, into `scratch[1]`. */
function logOfScratch(): void {
  // The constants live in the function, not the module: some bundlers (esbuild, which built the
  // command until 6 December 2026) turn module-level const into var, and V8 then loads each from
  // the module context with a check instead of folding it into the code.
  const TWO54 = 18014398509481984; // 2^54
  // log: minimax coefficients of R(z) ~ (log((1+s)/(1-s)) - 2s) / s on |s| <= 0.1716 (fdlibm).
  const Lg1 = 0.6666666666666735;
  const Lg2 = 0.3999999999940942;
  const Lg3 = 0.2857142874366239;
  const Lg4 = 0.22222198432149784;
  const Lg5 = 0.1818357216161805;
  const Lg6 = 0.15313837699209373;
  const Lg7 = 0.14798198605116586;
  const LN2_HI = 0.6931471803691238; // 0x3fe62e42 fee00000: k * LN2_HI is exact for |k| < 2^11
  const LN2_LO = 1.9082149292705877e-10; // 0x3dea39ef 35793c76
  let x = scratch[0];
  let hx = words[HI] | 0;
  const lx = words[LO];
  let k = 0;
  if (hx < 0x00100000) {
    // Zero, negative or subnormal.
    if (((hx & 0x7fffffff) | lx) === 0) {
      scratch[1] = -Infinity;
      return;
    }
    if (hx < 0) {
      scratch[1] = Number.NaN;
      return;
    }
    // Scale a subnormal into the normal range so its exponent field can be read.
    k -= 54;
    x *= TWO54;
    scratch[0] = x;
    hx = words[HI] | 0;
  }
  if (hx >= 0x7ff00000) {
    // Infinity or NaN
    scratch[1] = x + x;
    return;
  }
  const e = (hx >> 20) - 1023;
  hx &= 0x000fffff;
  // Pick the binade so that the reduced mantissa m = x / 2^e lies in [sqrt(2)/2, sqrt(2)).
  const i0 = (hx + 0x95f64) & 0x100000;
  const ke = e + (i0 >> 20);
  const m = x * POW2[1024 - ke];
  k += ke;
  const f = m - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20: a short series is enough.
    if (f === 0) {
      scratch[1] = k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
      return;
    }
    const R0 = f * f * (0.5 - 0.3333333333333333 * f);
    scratch[1] = k === 0 ? f - R0 : k * LN2_HI - (R0 - k * LN2_LO - f);
    return;
  }
  const s = f / (2 + f);
  const dk = k;
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    // Mantissa far from 1: subtract f^2/2 separately to keep the rounding error small.
    const hfsq = 0.5 * f * f;
    // fdlibm has a k === 0 branch here and below; with dk = 0 the general formula rounds to the
    // same bits (0 * c = 0, x - 0 = x, 0 - (a - b) = b - a in IEEE arithmetic), and dropping the
    // branch that samplers' inputs took at random (u in [0.71, 1)) made log 8% faster.
    scratch[1] = dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
    return;
  }
  scratch[1] = dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

/**
 * e^x, bit-identical on every IEEE 754 engine.
 *
 * Specials match `Math.exp`: exp(NaN) = NaN, exp(Infinity) = Infinity, exp(-Infinity) = 0;
 * overflow gives Infinity, underflow gives 0, and subnormal results are correctly scaled.
 * A wrapper for the reason given at {@link log}.
 */
export function exp(x: number): number {
  scratch[0] = x;
  expOfScratch();
  return scratch[1];
}

/** fdlibm's `__ieee754_exp` of `scratch[0]`, into `scratch[1]`. */
function expOfScratch(): void {
  // As in logOfScratch, the constants live in the function, not the module.
  const O_THRESHOLD = 709.782712893384; // 0x40862e42 fefa39ef: above it exp overflows
  const U_THRESHOLD = -745.1332191019411; // 0xc0874910 d52d3051: below it exp underflows to 0
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: fdlibm's literal keeps the bits explicit.
  const INV_LN2 = 1.4426950408889634; // 0x3ff71547 652b82fe
  const TWOM1000 = 9.332636185032189e-302; // 2^-1000
  // exp: minimax coefficients of R(r^2) ~ r * (exp(r) + 1) / (exp(r) - 1) on |r| <= 0.5 ln 2 (fdlibm).
  const P1 = 0.16666666666666602;
  const P2 = -0.0027777777777015593;
  const P3 = 0.00006613756321437934;
  const P4 = -0.0000016533902205465252;
  const P5 = 4.1381367970572385e-8;
  const LN2_HI = 0.6931471803691238; // as in logOfScratch
  const LN2_LO = 1.9082149292705877e-10;
  let x = scratch[0];
  const whi = words[HI];
  const xsb = whi >>> 31;
  const hx = whi & 0x7fffffff;

  if (hx >= 0x40862e42) {
    // |x| >= 709.78: non-finite, overflow or underflow.
    if (hx >= 0x7ff00000) {
      // NaN stays NaN; exp(Infinity) = Infinity, exp(-Infinity) = 0.
      if (((hx & 0xfffff) | words[LO]) !== 0) scratch[1] = x + x;
      else scratch[1] = xsb === 0 ? x : 0;
      return;
    }
    if (x > O_THRESHOLD) {
      scratch[1] = Infinity;
      return;
    }
    if (x < U_THRESHOLD) {
      scratch[1] = 0;
      return;
    }
  }

  // Reduce: x = k ln2 + r with |r| <= 0.5 ln2, r carried as hi - lo for extra precision.
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5 ln2
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2
      // fdlibm's exp(1) is 1 ulp above e; V8 special-cases it to return the correctly rounded
      // Math.E, and so do we, so that this one famous value agrees too.
      if (x === 1) {
        scratch[1] = Math.E;
        return;
      }
      if (xsb === 0) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      // Truncation toward zero, as C's (int) cast does.
      k = (INV_LN2 * x + (xsb === 0 ? 0.5 : -0.5)) | 0;
      hi = x - k * LN2_HI; // exact: LN2_HI has 32 trailing zero bits
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28: 1 + x is already correctly rounded.
    scratch[1] = 1 + x;
    return;
  }

  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) {
    scratch[1] = 1 - ((x * c) / (c - 2) - x);
    return;
  }
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  // Scale by 2^k; y is in [0.7, 1.5), so for k >= -1021 the product is normal and exact.
  if (k >= -1021) scratch[1] = k === 1024 ? y * 2 * POW2[1024 + 1023] : y * POW2[1024 + k];
  // The result is subnormal: y * 2^(k + 1000) is exact, then one rounding multiply by 2^-1000.
  else scratch[1] = y * POW2[1024 + k + 1000] * TWOM1000;
}

/**
 * Values IEEE 754 arithmetic fixes exactly, one per branch of `log` and `exp`, checked once when
 * this module loads: an engine that rounds differently fails here, loudly, instead of producing
 * traces that disagree with every other engine.
 *
 * The check also runs every branch before any simulation does, which gives V8 type feedback for
 * the rare ones (`log` of a number within 2^-20 of a power of two comes about once per million
 * exponential draws). Without it, the optimised simulation code, into which `log` is inlined,
 * was thrown away mid-run when the first such input arrived, and recompiled. It runs three
 * times because V8 records feedback only from a function's ninth call or so on.
 */
const SELF_CHECK: readonly [(x: number) => number, number, number][] = [
  [log, 1, 0],
  [log, 2, Math.LN2],
  [log, 0, -Infinity],
  [log, -1, Number.NaN],
  [log, Infinity, Infinity],
  [log, Number.NaN, Number.NaN],
  [log, 5e-324, -744.4400719213812],
  [log, 1.0000000009313226, 9.313225741817976e-10], // 1 + 2^-30
  [log, 2.000000001862645, 0.6931471814912679], // 2 + 2^-29
  [log, 1.4, 0.33647223662121284],
  [log, 1.2, 0.1823215567939546],
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: log(0.1) is not -LN10 (0.1 is inexact).
  [log, 0.1, -2.3025850929940455],
  [exp, 0, 1],
  [exp, 1, Math.E],
  [exp, -1, 0.36787944117144233],
  [exp, 0.5, 1.6487212707001282],
  [exp, -0.5, 0.6065306597126334],
  [exp, 10, 22026.465794806718],
  [exp, -10, 0.00004539992976248485],
  [exp, -740, 4.2e-322],
  [exp, 710, Infinity],
  [exp, -746, 0],
  [exp, 1e-30, 1],
  [exp, Infinity, Infinity],
  [exp, -Infinity, 0],
  [exp, Number.NaN, Number.NaN],
];
for (let round = 0; round < 3; round++) {
  for (const [f, x, expected] of SELF_CHECK) {
    const got = f(x);
    if (!Object.is(got, expected)) {
      throw new Error(
        `det-math self-check: ${f.name}(${x}) gave ${got}, IEEE 754 arithmetic gives ${expected}`,
      );
    }
  }
}
