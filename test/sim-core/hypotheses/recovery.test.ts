import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  computeRecovery,
  type FaultRecovery,
  type FaultWindow,
  faultWindows,
  RECOVERY_DEFAULTS,
  type RecoveryInput,
} from '../../../sim-core/metrics/recovery.ts';
import type { FaultRecovery as ResultFaultRecovery } from '../../../sim-core/metrics/result.ts';

/** A series from runs of equal values: `runs([100, 3], [0, 2])` = [100, 100, 100, 0, 0]. */
function runs(...parts: [number, number][]): number[] {
  return parts.flatMap(([value, n]) => Array.from({ length: n }, () => value));
}

function input(
  goodputPerSec: number[],
  faults: FaultWindow[],
  extra: Partial<RecoveryInput> = {},
): RecoveryInput {
  return { goodputPerSec, bucketMs: 1000, warmupMs: 0, faults, ...extra };
}

const fault = (name: string, startMs: number, endMs: number | null): FaultWindow => ({
  name,
  startMs,
  endMs,
});

describe('computeRecovery', () => {
  it('has the documented defaults', () => {
    expect(RECOVERY_DEFAULTS).toEqual({ tolerance: 0.1, holdBuckets: 3, baselineWindowMs: 30_000 });
  });

  it('recovers at the first bucket that starts a run of 3 at >= 90% of the baseline', () => {
    // 0-10 s at 100/s, down during 10-15 s, then 50, 95, 92, 100...
    const g = [...runs([100, 10], [0, 5]), 50, 95, 92, 100, 100, 100];
    const [r] = computeRecovery(input(g, [fault('crash', 10_000, 15_000)]));
    expect(r).toEqual({
      name: 'crash',
      kind: 'fault',
      startMs: 10_000,
      endMs: 15_000,
      preFaultGoodputPerSec: 100,
      thresholdPerSec: 90,
      recoveredAtMs: 16_000,
      recoveryMs: 1000,
      metastable: false,
      state: 'recovered',
    });
  });

  it('needs the hold: a single good bucket followed by a dip does not count', () => {
    const g = [...runs([100, 10], [0, 5]), 95, 80, 95, 95, 89, 90, 90, 90, 100];
    const [r] = computeRecovery(input(g, [fault('f', 10_000, 15_000)]));
    expect(r.recoveredAtMs).toBe(20_000);
    expect(r.recoveryMs).toBe(5000);
  });

  it('reports 0 when goodput never dropped below the threshold', () => {
    const g = runs([100, 10], [91, 5], [100, 10]);
    const [r] = computeRecovery(input(g, [fault('harmless', 10_000, 14_500)]));
    expect(r.recoveredAtMs).toBe(14_500);
    expect(r.recoveryMs).toBe(0);
    expect(r.state).toBe('recovered');
  });

  it('reports 0 when goodput is back in the first bucket after a bucket-aligned end', () => {
    const g = runs([100, 10], [0, 5], [100, 5]);
    const [r] = computeRecovery(input(g, [fault('f', 10_000, 15_000)]));
    expect(r.recoveredAtMs).toBe(15_000);
    expect(r.recoveryMs).toBe(0);
  });

  it('starts looking at the first bucket that starts at or after an unaligned end', () => {
    // The fault ends at 14.5 s: bucket 14 (14-15 s) is partly fault, so recovery starts at 15 s.
    const g = runs([100, 10], [0, 4], [100, 6]);
    const [r] = computeRecovery(input(g, [fault('f', 10_000, 14_500)]));
    expect(r.recoveredAtMs).toBe(15_000);
    expect(r.recoveryMs).toBe(500);
  });

  it('is metastable when goodput never comes back within the run', () => {
    const g = runs([100, 10], [0, 5], [30, 10]);
    const [r] = computeRecovery(input(g, [fault('storm', 10_000, 15_000)]));
    expect(r).toMatchObject({
      preFaultGoodputPerSec: 100,
      recoveredAtMs: null,
      recoveryMs: null,
      metastable: true,
      state: 'metastable',
    });
  });

  it('treats a fault that never ends, or outlasts the run, as ongoing (not metastable)', () => {
    const g = runs([100, 10], [0, 10]);
    const [forever, outlasting] = computeRecovery(
      input(g, [fault('down', 10_000, null), fault('long', 12_000, 40_000)]),
    );
    expect(forever).toMatchObject({
      endMs: null,
      preFaultGoodputPerSec: 100,
      recoveryMs: null,
      metastable: false,
      state: 'ongoing',
    });
    expect(outlasting).toMatchObject({ recoveryMs: null, metastable: false, state: 'ongoing' });
  });

  it('reports a null baseline (not NaN) when pre-fault goodput is 0 or there is no pre-fault bucket', () => {
    const zero = computeRecovery(input(runs([0, 10], [0, 10]), [fault('f', 10_000, 12_000)]))[0];
    expect(zero).toMatchObject({
      preFaultGoodputPerSec: null,
      thresholdPerSec: null,
      recoveredAtMs: null,
      recoveryMs: null,
      metastable: false,
      state: 'no-baseline',
    });
    const atStart = computeRecovery(input(runs([100, 20]), [fault('f', 0, 2000)]))[0];
    expect(atStart.preFaultGoodputPerSec).toBeNull();
    expect(atStart.state).toBe('no-baseline');
    expect(JSON.stringify([zero, atStart])).not.toContain('NaN');
  });

  it('takes the baseline from at most 30 s before the fault, after the warm-up', () => {
    // 0-5 s warm-up at 0, 5-20 s at 10, 20-50 s at 100: the fault at 50 s sees only 20-50 s.
    const g = runs([0, 5], [10, 15], [100, 30], [0, 5], [100, 5]);
    const [r] = computeRecovery(input(g, [fault('f', 50_000, 55_000)], { warmupMs: 5000 }));
    expect(r.preFaultGoodputPerSec).toBe(100);
    // With a 60 s window the 10/s buckets from 5 s count too (the warm-up never does).
    const [wide] = computeRecovery(input(g, [fault('f', 50_000, 55_000)], { warmupMs: 5000 }), {
      baselineWindowMs: 60_000,
    });
    expect(wide.preFaultGoodputPerSec).toBe((15 * 10 + 30 * 100) / 45);
  });

  it('uses only buckets fully before an unaligned start', () => {
    // The fault starts at 10.5 s: bucket 10 (10-11 s) is partly fault and left out.
    const g = [...runs([100, 10]), 40, ...runs([0, 4], [100, 5])];
    const [r] = computeRecovery(input(g, [fault('f', 10_500, 15_000)]));
    expect(r.preFaultGoodputPerSec).toBe(100);
  });

  it('leaves an earlier fault out of the baseline', () => {
    // A: 10-12 s at 0; B: 20-22 s. B's baseline is 0-10 s and 12-20 s, all at 100.
    const g = runs([100, 10], [0, 2], [100, 8], [0, 2], [100, 8]);
    const [a, b] = computeRecovery(input(g, [fault('A', 10_000, 12_000), fault('B', 20_000, 22_000)]));
    expect(b.preFaultGoodputPerSec).toBe(100);
    expect(a.recoveryMs).toBe(0);
    expect(b.recoveryMs).toBe(0);
    expect(b.recoveredAtMs).toBe(22_000);
  });

  it('leaves an instantaneous earlier fault out of the baseline (its bucket only)', () => {
    const g = [...runs([100, 10]), 10, ...runs([100, 9], [0, 2], [100, 5])];
    const [, b] = computeRecovery(input(g, [fault('burst', 10_200, 10_200), fault('B', 20_000, 22_000)]));
    expect(b.preFaultGoodputPerSec).toBe(100);
  });

  it('is interrupted, not metastable, when a later fault starts before goodput comes back', () => {
    const g = runs([100, 10], [0, 2], [20, 5], [0, 3], [100, 10]);
    const [a, b] = computeRecovery(input(g, [fault('A', 10_000, 12_000), fault('B', 17_000, 20_000)]));
    expect(a).toMatchObject({ recoveryMs: null, metastable: false, state: 'interrupted' });
    // B's baseline: 0-10 s (100) and 12-17 s (20): A's buckets are out.
    expect(b.preFaultGoodputPerSec).toBe((10 * 100 + 5 * 20) / 15);
    expect(b.recoveryMs).toBe(0);
  });

  it('is inconclusive when fewer than holdBuckets buckets follow the fault', () => {
    const g = runs([100, 10], [0, 5], [100, 2]);
    const [r] = computeRecovery(input(g, [fault('late', 10_000, 15_000)]));
    expect(r).toMatchObject({ recoveryMs: null, metastable: false, state: 'inconclusive' });
    // With a hold of 2 the two buckets are enough.
    const [short] = computeRecovery(input(g, [fault('late', 10_000, 15_000)]), { holdBuckets: 2 });
    expect(short.recoveryMs).toBe(0);
  });

  it('honours tolerance and holdBuckets', () => {
    const g = [...runs([100, 10], [0, 5]), 60, 40, 55, 100];
    const [strict] = computeRecovery(input(g, [fault('f', 10_000, 15_000)]), { holdBuckets: 1 });
    expect(strict.recoveredAtMs).toBe(18_000);
    const [loose] = computeRecovery(input(g, [fault('f', 10_000, 15_000)]), {
      tolerance: 0.5,
      holdBuckets: 1,
    });
    expect(loose.thresholdPerSec).toBe(50);
    expect(loose.recoveredAtMs).toBe(15_000);
    expect(loose.recoveryMs).toBe(0);
  });

  it('counts a partial last bucket but no bucket past endMs', () => {
    // 20 buckets of data but the run stopped at 17.5 s: buckets 15, 16 and the partial 17 are usable.
    const g = runs([100, 10], [0, 5], [100, 5]);
    const [r] = computeRecovery(input(g, [fault('f', 10_000, 15_000)], { endMs: 17_500 }));
    expect(r.recoveredAtMs).toBe(15_000);
    const [cut] = computeRecovery(input(g, [fault('f', 10_000, 15_000)], { endMs: 16_500 }));
    expect(cut.state).toBe('inconclusive');
  });
});

describe('faultWindows', () => {
  it('turns fault specs into [atMs, atMs + durationMs) windows, null for never-ending ones', () => {
    expect(
      faultWindows([
        { name: 'crash@10000', atMs: 10_000, durationMs: 5000, kind: 'crash', service: 'db', replica: 0 },
        { name: 'pause', atMs: 20_000, durationMs: null, kind: 'pause', service: 'db', replica: null },
      ]),
    ).toEqual([
      { name: 'crash@10000', kind: 'crash', startMs: 10_000, endMs: 15_000 },
      { name: 'pause', kind: 'pause', startMs: 20_000, endMs: null },
    ]);
  });
});

describe('FaultRecovery', () => {
  it("fits the result's summary.faults entries (a superset of their fields)", () => {
    expectTypeOf<FaultRecovery>().toExtend<ResultFaultRecovery>();
  });
});
