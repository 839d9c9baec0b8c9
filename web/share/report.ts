/**
 * `?report=<url>`: for headless cross-browser checks, the page POSTs the finished run's trace hash
 * to a local endpoint (engines without WebDriver cannot be asked otherwise). Only loopback URLs
 * are accepted, so a link cannot make the page send anything elsewhere.
 */

/** The report URL from a page's query, if it is an http(s) URL on the loopback interface. */
export function reportUrl(search: string): string | null {
  const value = new URLSearchParams(search).get('report');
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  return loopback && (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : null;
}

export interface RunReport {
  traceHash: string;
  scenario: string;
  seed: number;
  events: number;
  wallMs: number;
  userAgent: string;
}

export async function sendReport(url: string, report: RunReport): Promise<void> {
  await fetch(url, {
    method: 'POST',
    // text/plain keeps it a "simple" request: no preflight even if the endpoint is another port.
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify(report),
  });
}
