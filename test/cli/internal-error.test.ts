/**
 * A bug (anything that is not a user error) is reported as an internal error with exit code 70,
 * and its stack only when FAULTLINE_DEBUG is set. Run in process with a simulation that throws,
 * since the real engine gives no way to crash it on purpose.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../sim-core/run/simulation.ts', () => ({
  Simulation: class {
    constructor() {
      throw new Error('the engine exploded');
    }
  },
}));

const { main } = await import('../../cli/program.ts');

function capture() {
  const err: string[] = [];
  const out: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  return { err, out };
}

describe('internal errors', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('prints "faultline: internal error: <message>" without a stack and exits 70', async () => {
    vi.stubEnv('FAULTLINE_DEBUG', undefined);
    const { err, out } = capture();
    const code = await main(['node', 'faultline', 'run', 'mm1', '--json']);
    vi.restoreAllMocks();
    expect(code).toBe(70);
    expect(out.join('')).toBe('');
    const text = err.join('');
    expect(text).toMatch(/^faultline: internal error: the engine exploded\n/);
    expect(text).not.toContain('    at ');
  });

  it('shows the stack with FAULTLINE_DEBUG=1', async () => {
    vi.stubEnv('FAULTLINE_DEBUG', '1');
    const { err } = capture();
    const code = await main(['node', 'faultline', 'run', 'mm1']);
    vi.restoreAllMocks();
    expect(code).toBe(70);
    expect(err.join('')).toContain('    at ');
  });
});
