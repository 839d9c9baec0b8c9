import { describe, expect, it } from 'vitest';
import { CliError } from '../../cli/errors.ts';
import { determinismVerdict } from '../../cli/sweep/determinism.ts';
import type { TraceDigest } from '../../workers/protocol.ts';
import { faultline, faultlineWithEnv, STACK_LINE } from './cli-helpers.ts';

const SHORT = ['--set', 'durationMs=6000', '--set', 'metrics.warmupMs=1000'];

describe('faultline run --check-determinism', () => {
  it('runs in-process and in a worker and prints the shared trace hash', () => {
    const r = faultline('run', 'three-tier', ...SHORT, '--seed', '4', '--check-determinism');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const json = faultline('run', 'three-tier', ...SHORT, '--seed', '4', '--json');
    const { traceHash, events } = JSON.parse(json.stdout) as { traceHash: string; events: number };
    expect(r.stdout).toBe(
      `deterministic: ${traceHash} (${events.toLocaleString('en-US')} events) in-process and in a worker\n`,
    );
  });

  it('cannot be combined with an output of the run', () => {
    const r = faultline('run', 'mm1', '--check-determinism', '--json');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/'--check-determinism' cannot be used with option '--json'/);
  });
});

describe("the command's V8 tuning", () => {
  it('changes nothing in a result: the same JSON with and without it', () => {
    const args = ['run', 'three-tier', '--set', 'durationMs=30000', '--seed', '3', '--json'];
    const tuned = faultlineWithEnv({ FAULTLINE_V8_TUNING: '1' }, ...args);
    const plain = faultlineWithEnv({ FAULTLINE_V8_TUNING: '0' }, ...args);
    expect(tuned.status).toBe(0);
    expect(plain.status).toBe(0);
    expect(JSON.parse(tuned.stdout).events).toBeGreaterThan(10_000);
    expect(tuned.stdout).toBe(plain.stdout);
  });
});

describe('determinismVerdict', () => {
  const digest = (trace: number[], hash: string): TraceDigest => ({
    traceHash: hash,
    events: trace.length / 3,
    trace: Float64Array.from(trace),
    kinds: ['arrival', 'work-done'],
    nodes: ['users', 'web/0'],
  });

  it('fails naming the first differing event on both sides', () => {
    const inProcess = digest([0, 0, 0, 2.5, 1, 1], 'aaaa');
    const worker = digest([0, 0, 0, 2.5, 0, 0], 'bbbb');
    let error: unknown;
    try {
      determinismVerdict({ inProcess, worker });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    const e = error as CliError;
    expect(e.exitCode).toBe(1);
    expect(e.lines).toEqual([
      'faultline: not deterministic: the traces differ at event 1 (2 events in-process, 2 in a worker)',
      '  in-process:  event 1  t=2.5 ms  work-done  web/0',
      '  in a worker: event 1  t=2.5 ms  arrival  users',
    ]);
    expect(e.lines?.join('\n')).not.toContain(STACK_LINE);
  });

  it('passes identical traces', () => {
    const same = digest([0, 0, 0, 2.5, 1, 1], 'aaaa');
    expect(determinismVerdict({ inProcess: same, worker: same })).toBe(
      'deterministic: aaaa (2 events) in-process and in a worker\n',
    );
  });
});

describe('FAULTLINE_V8_TUNING', () => {
  it('1 turns the tuning on, any other value off; unset or empty, the default holds', async () => {
    const { tuningWanted } = await import('../../cli/v8-tuning.mjs');
    for (const byDefault of [true, false]) {
      expect(tuningWanted('1', byDefault)).toBe(true);
      expect(tuningWanted('0', byDefault)).toBe(false);
      expect(tuningWanted('yes', byDefault)).toBe(false);
      expect(tuningWanted(undefined, byDefault)).toBe(byDefault);
      expect(tuningWanted('', byDefault)).toBe(byDefault);
    }
  });
});
