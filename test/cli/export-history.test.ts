import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportTrace } from '../../cli/commands/export.ts';
import { exportHistory } from '../../cli/export/history.ts';
import type { TraceEvent } from '../../cli/export/perfetto.ts';
import { loadScenario } from '../../cli/load-scenario.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { faultline, STACK_LINE, tempDir } from './cli-helpers.ts';

interface Entry {
  process: number;
  type: 'invoke' | 'ok' | 'fail' | 'info';
  f: 'read' | 'write';
  key: string;
  value: number | null;
  time: number;
  index: number;
}

const SHORT = ['durationMs=3000'];

describe('faultline export --format history', () => {
  const history = exportHistory('quorum-staleness', SHORT, undefined, null);
  const entries = history.text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Entry);

  it('writes one JSON line per invocation and completion, in time order, in the shape checkers read', () => {
    expect(history.store).toBe('kv');
    expect(entries.length).toBe(history.entries);
    for (const [i, e] of entries.entries()) {
      expect(Object.keys(e)).toEqual(['process', 'type', 'f', 'key', 'value', 'time', 'index']);
      expect(e.index).toBe(i);
      expect(['invoke', 'ok', 'fail', 'info']).toContain(e.type);
      expect(['read', 'write']).toContain(e.f);
      expect(e.key).toMatch(/^k[0-9]+$/);
      expect(Number.isInteger(e.time)).toBe(true);
      if (i > 0) expect(e.time).toBeGreaterThanOrEqual(entries[i - 1].time);
    }
  });

  it('pairs each invocation with at most one later completion of the same operation', () => {
    const open = new Map<number, Entry>();
    const seen = new Set<number>();
    const writtenAt = new Map<number, number>();
    for (const e of entries) {
      if (e.type === 'invoke') {
        expect(seen.has(e.process)).toBe(false);
        seen.add(e.process);
        open.set(e.process, e);
        if (e.f === 'write' && e.value !== null && !writtenAt.has(e.value)) writtenAt.set(e.value, e.time);
        continue;
      }
      const inv = open.get(e.process);
      expect(inv).toBeDefined();
      open.delete(e.process);
      expect([e.f, e.key]).toEqual([inv?.f, inv?.key]);
      if (e.f === 'write') expect(e.value).toBe(inv?.value);
      // A read returns nothing or a write that had been invoked by then.
      if (e.f === 'read' && e.type === 'ok' && e.value !== null)
        expect(writtenAt.get(e.value)).toBeLessThanOrEqual(e.time);
      if (e.f === 'read' && e.type !== 'ok') expect(e.value).toBeNull();
    }
    // A 3 s run at 400/s: operations still open at the end are the last few.
    expect(open.size).toBeLessThan(20);
  });

  it('has the operations of the same run as faultline run (same seed, same counts)', () => {
    const { scenario } = loadScenario('quorum-staleness', SHORT, { dropStale: true });
    const store = runScenario(scenario).summary.stores.kv;
    expect(history.operations).toBe(store.reads + store.writes);
    const reads = entries.filter((e) => e.type === 'invoke' && e.f === 'read').length;
    expect(reads).toBe(store.reads);
    expect(history.stopMessage).toBeNull();
  });

  it('writes to --out or stdout, says what on stderr, and refuses what does not apply', () => {
    const cli = (...args: string[]) => faultline('export', ...args, '--format', 'history', '--out', '-');
    const out = cli('quorum-staleness', '--set', 'durationMs=1000');
    expect(out.status).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(out.stderr).toMatch(
      new RegExp(
        `^faultline: wrote the history of store "kv" to stdout \\(.* operations, ${lines.length} entries\\)\\n$`,
      ),
    );
    const noStore = cli('mm1');
    expect(noStore.status).toBe(1);
    expect(noStore.stderr).toContain('has no store');
    expect(noStore.stderr).not.toContain(STACK_LINE);
    const window = cli('quorum-staleness', '--window', '0..10');
    expect(window.status).toBe(1);
    expect(window.stderr).toContain('a history is always whole');
  });

  it('asks which store when there are several, and takes --store', () => {
    const dir = tempDir();
    const file = join(dir, 'two.json');
    const store = { family: 'leaderless', r: 1, w: 1 };
    writeFileSync(
      file,
      JSON.stringify({
        id: 'two',
        title: 'two stores',
        durationMs: 500,
        clients: [
          { name: 'u', target: 'a', arrival: { kind: 'poisson', ratePerSec: 20 } },
          { name: 'v', target: 'b', arrival: { kind: 'poisson', ratePerSec: 20 } },
        ],
        services: [
          { name: 'a', replicas: 2, serviceTime: { kind: 'constant', valueMs: 1 }, store },
          { name: 'b', replicas: 2, serviceTime: { kind: 'constant', valueMs: 1 }, store },
        ],
      }),
    );
    expect(() => exportHistory(file, [], undefined, null)).toThrow(
      'has 2 stores; choose one with --store: "a", "b"',
    );
    expect(() => exportHistory(file, [], undefined, 'c')).toThrow('--store "c" is not a store of "two"');
    expect(exportHistory(file, [], undefined, 'b').store).toBe('b');
  });
});

describe('faultline export (perfetto) of a store', () => {
  it('draws each coordinated operation inside its attempt’s serve span, after the work, on the same thread', () => {
    const trace = exportTrace('quorum-staleness', ['durationMs=300'], undefined, { window: null, sample: 1 });
    const events = (JSON.parse(trace.text) as { traceEvents: TraceEvent[] }).traceEvents;
    const ops = events.filter((e) => e.cat === 'store');
    const { scenario } = loadScenario('quorum-staleness', ['durationMs=300'], { dropStale: true });
    const store = runScenario(scenario).summary.stores.kv;
    // Every operation that ended before the run did (a few are still in flight at 300 ms).
    expect(ops.length).toBeGreaterThan((store.reads + store.writes) * 0.9);
    expect(ops.length).toBeLessThanOrEqual(store.reads + store.writes);
    for (const op of ops) {
      expect(op.name).toMatch(/^(read|write) k[0-9]+$/);
      const serve = events.find(
        (e) =>
          e.name === 'serve' &&
          e.pid === op.pid &&
          e.tid === op.tid &&
          e.args?.['call'] === op.args?.['call'] &&
          e.ts <= op.ts &&
          e.ts + (e.dur ?? 0) >= op.ts + (op.dur ?? 0),
      );
      expect(serve).toBeDefined();
      expect(op.args).toMatchObject({ outcome: 'ok' });
    }
  });
});
