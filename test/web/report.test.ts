import { describe, expect, it } from 'vitest';
import { reportUrl } from '../../web/share/report.ts';

describe('the ?report= endpoint for headless checks', () => {
  it('accepts only http(s) URLs on the loopback interface', () => {
    expect(reportUrl('?report=http://127.0.0.1:4173/report')).toBe('http://127.0.0.1:4173/report');
    expect(reportUrl('?report=http://localhost:9/r')).toBe('http://localhost:9/r');
    expect(reportUrl('?report=https://example.com/steal')).toBeNull();
    expect(reportUrl('?report=http://127.0.0.1.example.com/')).toBeNull();
    expect(reportUrl('?report=javascript:alert(1)')).toBeNull();
    expect(reportUrl('?report=not a url')).toBeNull();
    expect(reportUrl('')).toBeNull();
  });
});
