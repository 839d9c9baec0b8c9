import { describe, expect, it } from 'vitest';
import {
  formatAgainst,
  formatLiteral,
  formatNumber,
  formatPercent,
  formatWindow,
} from '../../../sim-core/hypotheses/format.ts';

describe('hypothesis text', () => {
  it('formatNumber: about four significant digits, no exponent for large values', () => {
    expect([2, 412.345, 45.234, 1.2346, 0.012345, 12345.67, -3.5, 0.5].map(formatNumber)).toEqual([
      '2',
      '412.3',
      '45.23',
      '1.235',
      '0.01235',
      '12346',
      '-3.5',
      '0.5',
    ]);
  });

  it('formatLiteral and formatPercent write a bound as the author did', () => {
    expect(formatLiteral(1.0001)).toBe('1.0001');
    expect(formatLiteral(0.07 * 100)).toBe('7');
    expect(formatPercent(0.95)).toBe('95%');
    expect(formatPercent(0.07)).toBe('7%');
    expect(formatPercent(1.5)).toBe('150%');
  });

  it('formatAgainst shows more digits only when the short form would hide the difference', () => {
    expect(formatAgainst(1.00012, 1.0001)).toBe('1.00012');
    expect(formatAgainst(412.31, 412.3)).toBe('412.31');
    expect(formatAgainst(412.31, 500)).toBe('412.3');
    expect(formatAgainst(1, 1)).toBe('1');
    expect(formatAgainst(2.71234, null)).toBe('2.712');
  });

  it('formatWindow: seconds with an en dash', () => {
    expect(formatWindow(0, 30_000)).toBe('0–30 s');
    expect(formatWindow(4500, 5500)).toBe('4.5–5.5 s');
  });
});
