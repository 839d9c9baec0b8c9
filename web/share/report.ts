/**
 * `?report=<path>`: for headless cross-browser checks, the page POSTs the finished run's trace
 * hash to an endpoint of its own server (engines without WebDriver cannot be asked otherwise).
 * The page talks to its own origin only (its CSP says `connect-src 'self'`): the value must
 * resolve to the page's own origin and to a path ending in `/report`, so a crafted link can make
 * the page send nothing anywhere else, on loopback or not.
 */

/** The path every report goes to (under the page's own origin). */
export const REPORT_PATH_END = '/report';

/**
 * The report URL from a page's query, if it names a same-origin path ending in `/report`;
 * `pageUrl` is the page's own address (relative values resolve against it).
 */
export function reportUrl(search: string, pageUrl: string): string | null {
  const value = new URLSearchParams(search).get('report');
  if (value === null) return null;
  let page: URL;
  let url: URL;
  try {
    page = new URL(pageUrl);
    url = new URL(value, page);
  } catch {
    return null;
  }
  if (url.origin !== page.origin || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  if (!url.pathname.endsWith(REPORT_PATH_END) || url.username !== '' || url.password !== '') return null;
  // Only the path: no query a link could use to steer the endpoint.
  return `${url.origin}${url.pathname}`;
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
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify(report),
    // Same origin only, and the browser enforces it: a cross-origin URL is refused before sending.
    mode: 'same-origin',
    credentials: 'omit',
  });
}
