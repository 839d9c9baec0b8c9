import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeControls, escapeControlsKeepingLines, terminalSafe } from '../../cli/terminal-text.ts';
import { builtInScenario } from '../../scenarios/index.ts';
import { faultline, tempDir } from './cli-helpers.ts';

const ESC = '\u001b';
/** Clear the screen, forge a green line, retitle the window, write the clipboard (OSC 52), C1 CSI. */
const HOSTILE = `${ESC}[2J${ESC}[32mALL HYPOTHESES PASSED${ESC}[0m${ESC}]0;pwned\u0007${ESC}]52;c;SGVsbG8=\u0007\u009b31m`;
const SHOWN =
  '\\x1b[2J\\x1b[32mALL HYPOTHESES PASSED\\x1b[0m\\x1b]0;pwned\\x07\\x1b]52;c;SGVsbG8=\\x07\\x9b31m';

/** Any control character but the line feed (NO_COLOR is set, so the command writes none of its own). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** retry-storm with a hostile title, description and hypothesis names; its first hypothesis fails. */
function hostileScenario(): string {
  const raw = structuredClone(builtInScenario('retry-storm')) as {
    title: string;
    description: string;
    hypotheses: { name: string; value?: number }[];
  };
  raw.title = `Storm ${HOSTILE}`;
  raw.description = `About ${HOSTILE}`;
  raw.hypotheses = raw.hypotheses.map((h, i) => ({
    ...h,
    name: `${HOSTILE} hypothesis ${i}\nforged line`,
    ...(i === 0 ? { value: 1e9 } : {}),
  }));
  const file = join(tempDir(), 'hostile.json');
  writeFileSync(file, JSON.stringify(raw));
  return file;
}

describe('escapeControls', () => {
  it('shows C0, DEL and C1 controls as \\xNN and keeps text and Unicode', () => {
    expect(escapeControls(HOSTILE)).toBe(SHOWN);
    expect(escapeControls('a\tb\nc\rd\u007fe\u0085f')).toBe('a\\x09b\\x0ac\\x0dd\\x7fe\\x85f');
    expect(escapeControls('plain text, déjà vu, 負荷 → ✓ 🚀')).toBe('plain text, déjà vu, 負荷 → ✓ 🚀');
    expect(escapeControlsKeepingLines(`one\ntwo${ESC}[2J`)).toBe('one\ntwo\\x1b[2J');
  });

  it('terminalSafe escapes every string and key, keeps numbers, and keeps __proto__ a name', () => {
    const value = JSON.parse(
      `{"title":"t\\u001b[2J","clients":{"a\\u001bb":{"n":1,"names":["x\\u0007"]},"__proto__":{"n":2}}}`,
    );
    const safe = terminalSafe(value);
    expect(JSON.stringify(safe)).toBe(
      '{"title":"t\\\\x1b[2J","clients":{"a\\\\x1bb":{"n":1,"names":["x\\\\x07"]},"__proto__":{"n":2}}}',
    );
    expect(Object.getPrototypeOf(safe.clients)).toBe(Object.prototype);
    expect(Object.hasOwn(safe.clients, '__proto__')).toBe(true);
    const map = terminalSafe(new Map([[`k${ESC}`, [`v${ESC}`]]]));
    expect([...map]).toEqual([['k\\x1b', ['v\\x1b']]]);
  });
});

describe('scenario text never reaches the terminal as control characters', () => {
  const file = hostileScenario();

  it('run: the report shows the title escaped', () => {
    const { status, stdout, stderr } = faultline(
      'run',
      file,
      '--set',
      'durationMs=60000',
      '--set',
      'hypotheses=[]',
    );
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toBe(`Storm ${SHOWN}`);
    expect(stdout).not.toMatch(CONTROL);
  });

  it('check: hypothesis names are escaped in the table, the failures and the summary', () => {
    const { status, stdout, stderr } = faultline('check', file);
    expect(status).toBe(1);
    expect(stdout).not.toMatch(CONTROL);
    expect(stderr).not.toMatch(CONTROL);
    // The name's line break is shown, not obeyed: no line starts with the forged text.
    expect(stdout).toContain('hypothesis 0\\x0aforged line');
    expect(stdout).toContain(`${SHOWN} hypothesis 0\\x0aforged line`);
    expect(stdout.split('\n').some((l) => l.startsWith('forged line'))).toBe(false);
    expect(stdout).toMatch(/Failed\n {2}retry-storm › \\x1b\[2J/);
  });

  it('sweep and compare: varied values (here titles) are escaped in their tables and charts', () => {
    const vary = `title=${JSON.stringify([`plain`, `x${HOSTILE}`])}`;
    for (const command of ['sweep', 'compare']) {
      const { status, stdout, stderr } = faultline(
        command,
        'mm1',
        '--set',
        'durationMs=20000',
        '--seeds',
        '1..2',
        '--workers',
        '1',
        '--vary',
        vary,
      );
      expect(stderr, command).not.toMatch(CONTROL);
      expect(status).toBe(0);
      expect(stdout).not.toMatch(CONTROL);
      expect(stdout).toContain(`x${SHOWN}`);
    }
  });

  it('errors that echo a value (--vary, --set) show it escaped on stderr', () => {
    for (const args of [
      ['sweep', 'mm1', '--vary', `services.server.loadBalancer=${HOSTILE}`],
      ['run', 'mm1', '--set', `services.server.loadBalancer=${HOSTILE}`],
      ['run', 'mm1', '--set', `title${ESC}[2J=1`],
      ['validate', `no-such${ESC}[2J.json`],
    ]) {
      const { status, stdout, stderr } = faultline(...args);
      expect(status, args.join(' ')).toBe(1);
      expect(stdout).toBe('');
      // Shown as \x1b (or as JSON's \u001b where the message quotes a value as JSON).
      expect(stderr).toMatch(/\\(x1b|u001b)\[2J/);
      expect(stderr).not.toMatch(CONTROL);
    }
  });
});
