import { describe, expect, it } from 'vitest';
import { reportUrl } from '../../web/share/report.ts';

const PAGE = 'http://127.0.0.1:4173/?speed=max';

describe('the ?report= endpoint for headless checks', () => {
  it('accepts a path ending in /report on the page’s own origin', () => {
    expect(reportUrl('?report=/report', PAGE)).toBe('http://127.0.0.1:4173/report');
    expect(reportUrl('?report=report', 'http://127.0.0.1:4173/lab/index.html')).toBe(
      'http://127.0.0.1:4173/lab/report',
    );
    expect(reportUrl('?report=http://127.0.0.1:4173/report', PAGE)).toBe('http://127.0.0.1:4173/report');
    // The query is dropped: a link cannot steer the endpoint.
    expect(reportUrl('?report=/report?all=1', PAGE)).toBe('http://127.0.0.1:4173/report');
  });

  it('refuses every other origin, loopback included, and every other path', () => {
    for (const value of [
      'http://127.0.0.1:9911/admin/delete?all=1',
      'http://127.0.0.1:9911/report',
      'http://localhost:4173/report',
      'https://127.0.0.1:4173/report',
      '//example.com/report',
      'https://example.com/report',
      'http://127.0.0.1.example.com/report',
      '/admin/delete',
      '/report/../admin',
      'javascript:alert(1)//report',
      'http://user:pw@127.0.0.1:4173/report',
    ]) {
      expect(reportUrl(`?report=${encodeURIComponent(value)}`, PAGE), value).toBeNull();
    }
    expect(reportUrl('', PAGE)).toBeNull();
    expect(reportUrl('?report=/report', 'not a url')).toBeNull();
  });
});
