/**
 * `npm start` a second time (its port busy): the preview server says so in one line and serves
 * on the next free port, instead of dying with a stack trace.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.ts';

/** The serving half of package.json's "start" (after the build). */
function previewCommand(): string[] {
  const start = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
  ).scripts.start;
  return (start.split('&&').pop() ?? '').trim().split(/\s+/);
}

describe('npm start', () => {
  it('on a busy port it says so in one line and serves on the next free one', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const address = busy.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const [bin, ...args] = previewCommand();
    expect(bin).toBe('vite');
    let child: ChildProcess | null = null;
    let out = '';
    try {
      child = spawn(join(ROOT, 'node_modules', '.bin', 'vite'), [...args, '--port', String(port)], {
        cwd: ROOT,
        // Vite colours its output when CI is set (picocolors), which splits the URL with escapes.
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (d) => {
        out += d;
      });
      child.stderr?.on('data', (d) => {
        out += d;
      });
      const deadline = Date.now() + 20_000;
      while (
        !/Local:\s+http:\/\/127\.0\.0\.1:\d+/.test(out) &&
        child.exitCode === null &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain(`Port ${port} is in use, trying another one...`);
      const served = Number(/Local:\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
      expect(served).toBeGreaterThan(port);
      expect(out).not.toMatch(/\n\s+at /);
      const page = await fetch(`http://127.0.0.1:${served}/`);
      expect(await page.text()).toContain('Faultline lab');
    } finally {
      if (child !== null && child.exitCode === null) child.kill('SIGTERM');
      busy.close();
    }
  });
});
