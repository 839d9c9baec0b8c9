import { describe, expect, it } from 'vitest';
import { formatPeers, type PeerName, type PeerRound, summarisePeers } from '../../bench/peers/compare.ts';

/** A run of `requests` whose simulation took `simWallMs` (CPU the same) in a process of twice that. */
function run(requests: number, simWallMs: number): PeerRound {
  return {
    requests,
    simWallMs,
    simCpuMs: simWallMs,
    processCpuMs: 2 * simWallMs,
    processWallMs: 2 * simWallMs,
    meanResponseMs: 10,
  };
}

// Faultline at 10 k, 5 k, 20 k requests/s in rounds 1-3; the bare loop at 100 k, 25 k, 200 k.
const RUNS = new Map<PeerName, PeerRound[]>([
  ['faultline', [run(1000, 100), run(1000, 200), run(1000, 50)]],
  ['bare', [run(1000, 10), run(1000, 40), run(1000, 5)]],
  ['simjs', [run(500, 100), run(500, 100), run(500, 100)]],
]);
const META = { rounds: 3, v8Tuning: false, bundled: false, before: [1.234, 1, 1], after: [2, 2, 2] };

describe('the peers report', () => {
  it('pairs the ratios by round, not median over median', () => {
    const report = summarisePeers(RUNS, META);
    // Round by round: 10/100, 5/25, 20/200 = 0.1, 0.2, 0.1 (unpaired extremes would be 0.025-0.8).
    expect(report.ratios.bare?.engine).toEqual({ median: 0.1, min: 0.1, max: 0.2 });
    expect(report.ratios.bare?.cpu).toEqual({ median: 0.1, min: 0.1, max: 0.2 });
    // SimJS at 5 k requests/s every round: 2, 1, 4.
    expect(report.ratios.simjs?.process).toEqual({ median: 2, min: 1, max: 4 });
    expect(report.ratios.simpy).toBeUndefined();
  });

  it('gives each peer its rates, median and range, and says how to install a missing SimPy', () => {
    const report = summarisePeers(RUNS, META);
    expect(report.peers.faultline).toMatchObject({
      available: true,
      requests: 1000,
      requestsPerSec: { median: 10_000, min: 5000, max: 20_000 },
      processRequestsPerSec: { median: 5000, min: 2500, max: 10_000 },
      outsideSimulationMs: { median: 100, min: 50, max: 200 },
      meanResponseMs: 10,
    });
    expect(report.peers.simpy).toEqual({
      available: false,
      reason:
        'SimPy not found ($FAULTLINE_PYTHON, else python3 and /usr/bin/python3): apt-get install -y python3-simpy3',
    });
    expect(report.load).toEqual({ before: [1.23, 1, 1], after: [2, 2, 2] });
    expect(report.bundled).toBe(false);
    expect(report.model.theoreticalMeanResponseMs).toBe(10);
  });

  it('prints a row per peer and a line per ratio', () => {
    const text = formatPeers(summarisePeers(RUNS, META));
    expect(text).toContain('V8 tuning off, through tsx');
    expect(formatPeers(summarisePeers(RUNS, { ...META, bundled: true }))).toContain(
      'V8 tuning off, bundled by Rolldown',
    );
    expect(text).toContain('simpy              not run: SimPy not found');
    expect(text).toMatch(/faultline \/ bare {3}engine 0\.100x \[0\.100-0\.200\]/);
    expect(text).toMatch(/faultline \/ simjs {2}engine 2\.00x \[1\.00-4\.00\]/);
  });
});
