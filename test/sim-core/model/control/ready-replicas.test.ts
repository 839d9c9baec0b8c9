import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../../sim-core/metrics/result.ts';
import { runScenario } from '../../../../sim-core/run/simulation.ts';
import { loadBuiltIn } from '../../../support/scenarios.ts';
import { scenario, story } from '../harness.ts';

type Doc = Record<string, unknown>;

/** Two replicas of `api` (instant network, 10 ms of work) with readiness probes; one user request. */
function twoReplicas(faults: Doc[], service: Doc = {}) {
  return scenario({
    durationMs: 12_000,
    metrics: { bucketMs: 1000, warmupMs: 0 },
    clients: [{ name: 'users', target: 'api', arrival: { kind: 'once', users: 1, atMs: 1000 } }],
    services: [
      {
        name: 'api',
        replicas: 2,
        concurrency: 1,
        serviceTime: { kind: 'constant', valueMs: 10 },
        probes: {
          readiness: { periodMs: 1000, timeoutMs: 300, failureThreshold: 3, successThreshold: 2 },
        },
        ...service,
      },
    ],
    faults,
  });
}

describe('readyReplicas counts the replicas in rotation (Kubernetes: Ready condition true)', () => {
  it('a paused replica leaves the ready line when its readiness fails, and rejoins when it passes', () => {
    const { result } = story(
      twoReplicas([{ name: 'gc', kind: 'pause', service: 'api', replica: 1, atMs: 2500, durationMs: 5000 }]),
    );
    // Not ready from 5300 (third timeout) to 9001 (second pass): 2 x 0.3 + 1 x 0.7 in bucket 5,
    // 1 x 0.001 + 2 x 0.999 in bucket 9. The replica count itself never moves.
    expect(result.series.services.api.readyReplicas).toEqual([2, 2, 2, 2, 2, 1.3, 1, 1, 1, 1.999, 2, 2]);
    expect(result.series.services.api.replicas).toEqual(new Array(12).fill(2));
  });

  it('a crashed replica is not ready from the crash, and after it comes back until readiness passes', () => {
    const { result } = story(
      twoReplicas([
        { name: 'down', kind: 'crash', service: 'api', replica: 1, atMs: 2500, durationMs: 2500 },
      ]),
    );
    // Down from 2500 (its container is not running: not Ready, before any probe has failed three
    // times), back at 5000 cold and not ready until its second passing probe, at 6001.
    expect(result.summary.controlEvents.map((e) => `${e.atMs} ${e.kind}`)).toEqual(['6001 readiness-passed']);
    expect(result.series.services.api.readyReplicas).toEqual([2, 2, 1.5, 1, 1, 1, 1.999, 2, 2, 2, 2, 2]);
  });

  it("an outlier-ejected replica still counts: ejection is the balancer's view, not the pod's", () => {
    const r = runScenario(
      scenario({
        durationMs: 8000,
        metrics: { bucketMs: 1000, warmupMs: 0 },
        clients: [{ name: 'users', target: 'api', arrival: { kind: 'constant', ratePerSec: 100 } }],
        services: [
          {
            name: 'api',
            replicas: 2,
            concurrency: 1,
            serviceTime: { kind: 'constant', valueMs: 1 },
            outlierDetection: { consecutiveErrors: 3, baseEjectionTimeMs: 5000, maxEjectionPercent: 50 },
          },
        ],
        faults: [
          {
            name: 'bad',
            kind: 'errors',
            service: 'api',
            replica: 1,
            atMs: 2000,
            durationMs: 2000,
            probability: 1,
          },
        ],
      }),
    );
    expect(r.summary.services.api.ejections).toBe(1);
    expect(r.series.services.api.readyReplicas).toEqual(new Array(8).fill(2));
  });
});

/** Seconds of each bucket that replica `slot` spends inside any timeline entry, summed over replicas. */
function notReadyPerBucket(r: RunResult, service: string): number[] {
  const { bucketMs, startMs } = r.series;
  const out = startMs.map(() => 0);
  const bySlot = new Map<number, [number, number][]>();
  for (const e of r.summary.timeline) {
    if (e.service !== service) continue;
    const list = bySlot.get(e.replica) ?? [];
    list.push([e.startMs, e.endMs ?? Number.POSITIVE_INFINITY]);
    bySlot.set(e.replica, list);
  }
  for (const list of bySlot.values()) {
    // The union of the replica's entries (a restart and a not-ready entry may overlap).
    list.sort((a, b) => a[0] - b[0]);
    const union: [number, number][] = [];
    for (const [s, e] of list) {
      const last = union[union.length - 1];
      if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
      else union.push([s, e]);
    }
    startMs.forEach((b0, b) => {
      for (const [s, e] of union)
        out[b] += Math.max(0, Math.min(e, b0 + bucketMs) - Math.max(s, b0)) / bucketMs;
    });
  }
  return out;
}

describe('readyReplicas in the health-check death spiral', () => {
  const r = runScenario(loadBuiltIn('health-check-death-spiral', ['durationMs=90000', 'hypotheses=[]']));
  const ready = r.series.services.api.readyReplicas;

  it('is the replicas minus those out of rotation or restarting, bucket by bucket', () => {
    // Every replica stays in the set (no scaling): what is not ready is exactly what the band's
    // bars show (not-ready entries and restarts, their union per replica).
    const out = notReadyPerBucket(r, 'api');
    expect(out.some((v) => v > 1)).toBe(true);
    ready.forEach((v, b) => {
      expect(v).toBeCloseTo(4 - out[b], 9);
    });
  });
});
