import { describe, expect, it } from 'vitest';
import { faultline, SHORT_MM1, STACK_LINE } from './cli-helpers.ts';

/** A user error: a clear `faultline: ...` message (or per-field lines), the exit code, no stack. */
function expectUserError(args: string[], exitCode: number, message: RegExp): string {
  const { status, stdout, stderr } = faultline(...args);
  expect(stderr).toMatch(message);
  expect(status).toBe(exitCode);
  expect(stdout).toBe('');
  expect(stderr).not.toContain(STACK_LINE);
  expect(stderr).not.toContain('internal error');
  return stderr;
}

describe('usage errors (exit 2, message and hint)', () => {
  it('--seed abc', () => {
    const stderr = expectUserError(
      [...SHORT_MM1, '--seed', 'abc'],
      2,
      /^faultline: option '--seed <n>' argument 'abc' is invalid/,
    );
    expect(stderr).toContain("Run 'faultline run --help' for usage.");
  });

  it('--seed -1 and --seed 1.5', () => {
    expectUserError([...SHORT_MM1, '--seed', '-1'], 2, /--seed <n>' argument '-1' is invalid/);
    expectUserError([...SHORT_MM1, '--seed', '1.5'], 2, /--seed <n>' argument '1\.5' is invalid/);
  });

  it('--json with --csv', () => {
    expectUserError(
      [...SHORT_MM1, '--json', '--csv'],
      2,
      /^faultline: option '--json' cannot be used with option '--csv'/,
    );
  });

  it('an unknown flag', () => {
    expectUserError([...SHORT_MM1, '--frobnicate'], 2, /^faultline: unknown option '--frobnicate'/);
  });

  it('an unknown command', () => {
    const stderr = expectUserError(['frobnicate'], 2, /^faultline: unknown command 'frobnicate'/);
    expect(stderr).toContain("Run 'faultline --help' for usage.");
  });

  it('an unknown scenario id lists the known ones', () => {
    const stderr = expectUserError(
      ['run', 'nope'],
      2,
      /^faultline: unknown scenario 'nope'; built-in scenarios: /,
    );
    expect(stderr).toContain('three-tier');
    expect(stderr).toContain('mm1');
    expect(stderr).toContain('faultline list');
  });

  it('a missing argument', () => {
    expectUserError(['show'], 2, /^faultline: missing required argument 'scenario'/);
  });
});

describe('input errors (exit 1)', () => {
  it('--set with no "="', () => {
    expectUserError(
      [...SHORT_MM1, '--set', 'replicas'],
      1,
      /^--set: found "replicas" \(no "="\); allowed: path=value/,
    );
  });

  it('--set naming an element that does not exist', () => {
    expectUserError(
      [...SHORT_MM1, '--set', 'services.nope.replicas=2'],
      1,
      /^--set services\.nope: found "nope"; allowed: .*server/,
    );
  });

  it('--set giving an invalid value reports every error with its field', () => {
    const stderr = expectUserError(
      [...SHORT_MM1, '--set', 'services.server.replicas=0', '--set', 'clients.users.arrival.kind=poison'],
      1,
      /^mm1: /,
    );
    expect(stderr).toContain('mm1: services[0].replicas: found 0');
    expect(stderr).toContain('mm1: clients[0].arrival.kind: found "poison"');
  });

  it('a missing scenario file', () => {
    expectUserError(
      ['run', 'no/such/file.json'],
      1,
      /^faultline: cannot read scenario file 'no\/such\/file\.json': no such file/,
    );
  });
});

describe('help and version', () => {
  it('--help and --version exit 0', () => {
    const help = faultline('run', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--seed <n>');
    expect(help.stdout).toContain('--set <path=value>');
    const version = faultline('--version');
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('no command prints the help and exits 2', () => {
    const { status, stderr } = faultline();
    expect(status).toBe(2);
    expect(stderr).toContain('Usage: faultline');
  });
});
