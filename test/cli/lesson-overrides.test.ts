import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultline, REPO_ROOT, STACK_LINE, tempDir } from './cli-helpers.ts';

/**
 * An override that removes what a lesson's hypotheses and params refer to (retry-storm's one
 * fault, `db-slowdown`) runs with those left out and a note; only `check` and `validate` insist.
 */
const DROPPED_NOTE =
  'faultline: note: after --set, 2 hypotheses and 1 parameter no longer apply to the changed scenario and are left out: ' +
  'hypotheses "with naive retries the outage outlives the slowdown", ' +
  '"with a Finagle retry budget goodput is back within 5 s of the slowdown\'s end"; ' +
  'parameter "Slowdown (x service time)"\n';

describe('overrides that remove what a lesson refers to', () => {
  it('run: --set faults=[] runs without the fault and names what it left out, in one line', () => {
    const r = faultline('run', 'retry-storm', '--set', 'faults=[]', '--json');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(DROPPED_NOTE);
    const result = JSON.parse(r.stdout) as { summary: { faults: unknown[] } };
    expect(result.summary.faults).toEqual([]);
  });

  it('run: the same result as the scenario with the fault, the two hypotheses and the parameter removed by hand', () => {
    const raw = JSON.parse(readFileSync(join(REPO_ROOT, 'scenarios/library/retry-storm.json'), 'utf8')) as {
      faults: unknown[];
      hypotheses: { name: string }[];
      params: { label: string }[];
    };
    raw.faults = [];
    raw.hypotheses = raw.hypotheses.filter((h) => !/outlives|back within 5 s/.test(h.name));
    raw.params = raw.params.filter((p) => !p.label.startsWith('Slowdown'));
    const file = join(tempDir(), 'no-fault.json');
    writeFileSync(file, JSON.stringify(raw));
    const byHand = faultline('run', file, '--json');
    expect(byHand.status).toBe(0);
    expect(byHand.stderr).toBe('');
    const viaSet = faultline('run', 'retry-storm', '--set', 'faults=[]', '--json');
    const hash = (text: string) => (JSON.parse(text) as { traceHash: string }).traceHash;
    expect(hash(viaSet.stdout)).toBe(hash(byHand.stdout));
  });

  it('run: --set durationMs=60000 leaves out the one hypothesis whose window ends later', () => {
    const r = faultline('run', 'retry-storm', '--set', 'durationMs=60000', '--json');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      'faultline: note: after --set, 1 hypothesis no longer applies to the changed scenario and is left out: hypothesis "with a Finagle retry budget goodput after the slowdown is 95% of before"\n',
    );
  });

  it('run: an override that breaks the scenario itself is still refused (the fault would start after the end)', () => {
    const r = faultline('run', 'retry-storm', '--set', 'durationMs=20000');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'retry-storm: faults[0].atMs: found 30000; allowed: a number >= 0 and < durationMs (20000)',
    );
    expect(r.stderr).not.toContain('note:');
    expect(r.stderr).not.toContain(STACK_LINE);
  });

  it('sweep: --set faults=[] sweeps, with the same note', () => {
    const r = faultline(
      'sweep',
      'retry-storm',
      '--set',
      'faults=[]',
      '--set',
      'durationMs=45000',
      '--vary',
      'services.api.calls.0.retry.maxAttempts=1,2',
      '--seeds',
      '1',
      '--json',
      '-',
    );
    expect(r.status).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(
      'faultline: note: after --set, 3 hypotheses and 1 parameter no longer apply to the changed scenario and are left out: ' +
        'hypotheses "with naive retries the outage outlives the slowdown", ' +
        '"with a Finagle retry budget goodput is back within 5 s of the slowdown\'s end", ' +
        '"with a Finagle retry budget goodput after the slowdown is 95% of before"; parameter "Slowdown (x service time)"',
    );
    expect((JSON.parse(r.stdout) as { combinations: unknown[] }).combinations).toHaveLength(2);
  });

  it('sweep: a --vary value that removes the fault is swept too, with a note naming --vary', () => {
    const r = faultline(
      'sweep',
      'retry-storm',
      '--set',
      'durationMs=45000',
      '--vary',
      'faults=[[]]',
      '--seeds',
      '1',
      '--json',
      '-',
    );
    expect(r.status).toBe(0);
    const notes = r.stderr.split('\n').filter((l) => l.includes('note:'));
    expect(notes).toHaveLength(2);
    expect(notes[1]).toBe(
      'faultline: note: after --vary, 2 hypotheses and 1 parameter no longer apply to the changed scenario and are left out: ' +
        'hypotheses "with naive retries the outage outlives the slowdown", ' +
        '"with a Finagle retry budget goodput is back within 5 s of the slowdown\'s end"; parameter "Slowdown (x service time)"',
    );
  });

  it('compare: --set faults=[] compares the strategies, with the note', () => {
    const r = faultline(
      'compare',
      'retry-storm',
      '--set',
      'faults=[]',
      '--vary',
      'services.api.calls.0.retry.budget=[null,"finagle-default"]',
      '--seeds',
      '1',
      '--json',
      '-',
    );
    expect(r.status).toBe(0);
    expect(r.stderr.startsWith(DROPPED_NOTE)).toBe(true);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'faultline-compare' });
  });

  it('check and validate insist: the same scenario written to a file fails, naming the hypotheses', () => {
    const raw = JSON.parse(readFileSync(join(REPO_ROOT, 'scenarios/library/retry-storm.json'), 'utf8')) as {
      faults: unknown[];
    };
    raw.faults = [];
    const file = join(tempDir(), 'retry-storm-no-fault.json');
    writeFileSync(file, JSON.stringify(raw));
    const check = faultline('check', file);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(
      `${file}: hypotheses[1].metric: found "faults.db-slowdown.metastable" (no fault has that name)`,
    );
    const validate = faultline('validate', 'retry-storm', '--set', 'faults=[]');
    expect(validate.status).toBe(1);
    expect(validate.stderr).toContain(
      'retry-storm: params[4].path: "faults.db-slowdown.multiply" is not a settable path',
    );
  });
});

describe('suggestions and places in the command', () => {
  it('an unknown scenario id says which one was meant', () => {
    const r = faultline('run', 'retry-strom');
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(
      /^faultline: unknown scenario 'retry-strom' \(did you mean 'retry-storm'\?\); built-in scenarios: retry-storm, /,
    );
  });

  it('--vary retry.jitter on a scenario without any retry policy says so and lists the whole paths', () => {
    const r = faultline('compare', 'three-tier', '--vary', 'retry.jitter=["none","full"]', '--seeds', '1');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'faultline: --vary retry.jitter: three-tier has no retry anywhere (every "retry" is null or left out), so retry.jitter fits nowhere; ' +
        'whole paths where it could go: clients.users.retry.jitter, services.web.calls.0.retry.jitter, services.api.calls.0.retry.jitter\n' +
        "Give one of them and set its retry first, e.g. --set 'clients.users.retry={...}' --vary clients.users.retry.jitter=...\n",
    );
  });

  it('--vary with a misspelt field inside the scenario’s one retry policy names the policies there are', () => {
    const r = faultline('sweep', 'retry-storm', '--vary', 'retry.backof.baseMs=1,2', '--seeds', '1');
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      'faultline: --vary retry.backof.baseMs: no retry in retry-storm has backof.baseMs; it has retry at: services.api.calls.0.retry',
    );
  });
});
