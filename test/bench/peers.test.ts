import { describe, expect, it } from 'vitest';
import { mm1Bare } from '../../bench/peers/mm1-bare.ts';
import { mm1SimJs } from '../../bench/peers/mm1-simjs.ts';
import { MM1_WORK, theoreticalMeanResponseMs } from '../../bench/peers/work.ts';

// The peers the bench compares Faultline with must do the same work: M/M/1 at rho 0.9, whose mean
// response time is 10 ms. Over 200,000 requests the sample mean's standard error is about 0.2 ms
// (autocorrelation at rho 0.9 makes it large), so 10 +- 1.5 ms catches a wrong model, not noise.
const WORK = { ...MM1_WORK, requests: 200_000 };

describe('the peers of npm run bench -- --peers', () => {
  it('theory: M/M/1 at rho 0.9 has a mean response time of 10 ms', () => {
    expect(theoreticalMeanResponseMs(WORK)).toBeCloseTo(10, 12);
  });

  it('the bare loop completes every request, with the M/M/1 mean response time', () => {
    const r = mm1Bare(WORK);
    expect(r.requests).toBe(200_000);
    expect(Math.abs(r.meanResponseMs - 10)).toBeLessThan(1.5);
    expect(mm1Bare(WORK)).toEqual(r);
  });

  it('the SimJS model completes every request, with the M/M/1 mean response time', () => {
    const r = mm1SimJs(WORK);
    expect(r.requests).toBe(200_000);
    expect(Math.abs(r.meanResponseMs - 10)).toBeLessThan(1.5);
  });

  it('at rho 0.5 both give the shorter mean response of theory (the rates are used)', () => {
    const slow = { ...WORK, requests: 20_000, arrivalsPerMs: 0.5 };
    // rho 0.5: 1 / (1 - 0.5) = 2 ms
    expect(theoreticalMeanResponseMs(slow)).toBe(2);
    expect(Math.abs(mm1Bare(slow).meanResponseMs - 2)).toBeLessThan(0.3);
    expect(Math.abs(mm1SimJs(slow).meanResponseMs - 2)).toBeLessThan(0.3);
  });
});
