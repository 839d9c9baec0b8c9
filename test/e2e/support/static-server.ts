/**
 * A tiny static server for the built lab (`dist/web`) on 127.0.0.1, with a `/report` endpoint
 * that records what pages POST to it (the Firefox check: no WebDriver there, so the page reports).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};

export interface StaticServer {
  url: string;
  /** Bodies POSTed to /report, parsed as JSON. */
  reports: unknown[];
  /** Resolves with the next report (or rejects after `timeoutMs`). */
  nextReport(timeoutMs: number): Promise<unknown>;
  /** Every path requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Extra files served at exact paths (test pages that are not part of the lab). */
export type ExtraFiles = Record<string, { type: string; body: string }>;

export async function startStaticServer(root: string, extra: ExtraFiles = {}): Promise<StaticServer> {
  const reports: unknown[] = [];
  const requests: string[] = [];
  let waiting: ((r: unknown) => void)[] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname);
    if (url.pathname === '/report') {
      if (req.method === 'POST') {
        let body = '';
        for await (const chunk of req) body += chunk;
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = { invalid: body };
        }
        reports.push(parsed);
        for (const w of waiting) w(parsed);
        waiting = [];
      }
      res.writeHead(204, { 'access-control-allow-origin': '*' }).end();
      return;
    }
    const file = extra[url.pathname];
    if (file !== undefined) {
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
      return;
    }
    const path = normalize(
      join(root, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)),
    );
    if (!path.startsWith(root + sep) && path !== root) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(path);
      res.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    reports,
    requests,
    nextReport(timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no report within ${timeoutMs} ms`)), timeoutMs);
        waiting.push((r) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
