import { describe, expect, it } from 'vitest';
import { formatSpeed, SpeedMeter } from '../../web/runner/speed-meter.ts';

describe('the speed a run really reaches', () => {
  it('is simulated time over wall time across the window', () => {
    const m = new SpeedMeter(2000);
    expect(m.reached()).toBeNull();
    // 9.5 simulated ms per wall ms, every 100 ms.
    for (let t = 0; t <= 1000; t += 100) m.record(t, t * 9.5);
    expect(m.reached()).toBeCloseTo(9.5, 10);
  });

  it('forgets what is older than the window, so a change of pace shows within it', () => {
    const m = new SpeedMeter(1000);
    for (let t = 0; t <= 3000; t += 100) m.record(t, t < 1500 ? t * 5 : 7500 + (t - 1500) * 30);
    expect(m.reached()).toBeCloseTo(30, 10);
  });

  it('says nothing until enough wall time was measured, nor after a reset', () => {
    const m = new SpeedMeter();
    m.record(0, 0);
    m.record(200, 6000);
    expect(m.reached()).toBeNull();
    m.record(600, 18_000);
    expect(m.reached()).toBe(30);
    m.reset();
    expect(m.reached()).toBeNull();
  });

  it('prints as people read speeds', () => {
    expect(formatSpeed(9.4567)).toBe('9.5x');
    expect(formatSpeed(29.6)).toBe('30x');
    expect(formatSpeed(1234.4)).toBe('1,234x');
  });
});
