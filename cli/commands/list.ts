/** `faultline list`: the built-in scenarios. */
import type { Command } from 'commander';
import { BUILT_IN_SCENARIOS } from '../../scenarios/index.ts';
import { colourAllowed, writeStdout } from '../output.ts';
import { padEnd, style, truncate, wrapText } from '../report/style.ts';
import { terminalSafe } from '../terminal-text.ts';

export interface ScenarioListing {
  id: string;
  title: string;
  /** The first sentence of the scenario's description. */
  description: string;
  /** The parameters a learner may change: `--set` path -> allowed values (the lab's controls, sweep axes). */
  params: Record<string, unknown[]>;
  /** Labels of those parameters, by path. */
  paramLabels: Record<string, string>;
  /** Number of steady-state hypotheses `faultline check` evaluates. */
  hypotheses: number;
  /** Whether the scenario carries a lesson (what, why, what to watch, what to try next). */
  lesson: boolean;
}

/** The first sentence of `text` (up to the first '.', '!' or '?' followed by a space or the end). */
export function firstSentence(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const match = /^.*?[.!?](?=\s|$)/.exec(trimmed);
  return match === null ? trimmed : match[0];
}

export function listings(): ScenarioListing[] {
  return BUILT_IN_SCENARIOS.map((raw) => {
    const doc = raw as {
      id?: unknown;
      title?: unknown;
      description?: unknown;
      params?: { path: string; label: string; values: unknown[] }[];
      hypotheses?: unknown[];
      lesson?: unknown;
    };
    const params: Record<string, unknown[]> = {};
    const paramLabels: Record<string, string> = {};
    for (const p of doc.params ?? []) {
      params[p.path] = p.values;
      paramLabels[p.path] = p.label;
    }
    return {
      id: String(doc.id),
      title: typeof doc.title === 'string' ? doc.title : '',
      description: typeof doc.description === 'string' ? firstSentence(doc.description) : '',
      params,
      paramLabels,
      hypotheses: doc.hypotheses?.length ?? 0,
      lesson: doc.lesson !== undefined && doc.lesson !== null,
    };
  });
}

export function registerList(program: Command): Command {
  return program
    .command('list')
    .description('list the built-in scenarios')
    .option(
      '--json',
      'print a JSON array of { id, title, description, params, paramLabels, hypotheses, lesson }',
    )
    .action((options: { json?: boolean }) => {
      const items = listings();
      if (options.json === true) {
        writeStdout(`${JSON.stringify(items, null, 2)}\n`);
        return;
      }
      const s = style(colourAllowed(process.stdout));
      const shown = terminalSafe(items);
      const idWidth = Math.max(...shown.map((i) => i.id.length));
      const indent = ' '.repeat(idWidth + 2);
      const lines: string[] = [];
      for (const item of shown) {
        lines.push(`${padEnd(s.bold(item.id), idWidth)}  ${truncate(item.title, 100 - indent.length)}`);
        for (const line of wrapText(item.description, 100 - indent.length)) lines.push(indent + s.dim(line));
      }
      lines.push(
        '',
        s.dim("Run one with 'faultline run <id>'; see its full definition with 'faultline show <id>'."),
      );
      writeStdout(`${lines.join('\n')}\n`);
    });
}
