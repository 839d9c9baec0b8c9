import { log } from '../det-math.ts';
import { nextOpen, type Rng } from '../streams.ts';
import { requireAtLeast, type Sampler } from './sampler.ts';

/** Always `valueMs`; takes no random numbers. */
export function constantSampler(path: string, valueMs: number): Sampler {
  const value = requireAtLeast(`${path}.valueMs`, valueMs, 0);
  return { meanMs: value, sample: () => value };
}

/** An exponential draw with mean `meanMs` (inverse transform); takes one number per draw. */
export function exponentialDraw(rng: Rng, meanMs: number): number {
  // -log(u) > 0 for u in (0, 1), so a zero mean gives +0, never -0.
  return meanMs * -log(nextOpen(rng));
}

/** Exponential with mean `meanMs`: memoryless service or inter-arrival times. */
export function exponentialSampler(path: string, meanMs: number): Sampler {
  const mean = requireAtLeast(`${path}.meanMs`, meanMs, 0);
  return { meanMs: mean, sample: (rng) => exponentialDraw(rng, mean) };
}

/** Uniform on [minMs, maxMs). */
export function uniformSampler(path: string, minMs: number, maxMs: number): Sampler {
  const min = requireAtLeast(`${path}.minMs`, minMs, 0);
  const max = requireAtLeast(`${path}.maxMs`, maxMs, min, `minMs (${min})`);
  const width = max - min;
  return { meanMs: min + width / 2, sample: (rng) => min + width * rng.next() };
}
