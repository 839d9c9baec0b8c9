/**
 * A plain-text table that fits a width: right-aligned numbers, optional group headers spanning
 * columns (`──── latency ms ────`), and a first column that is shortened if the table is too wide.
 */
import { padEnd, padStart, type Style, truncate, truncateStart, width } from './style.ts';

export interface Column {
  header: string;
  align: 'left' | 'right';
  /** A header cut to fit keeps its end (`…server.replicas`): for headers that are dotted paths. */
  keepHeaderEnd?: boolean;
}

/** A header spanning columns `from`..`to` (inclusive). */
export interface ColumnGroup {
  label: string;
  from: number;
  to: number;
}

export interface Table {
  columns: Column[];
  groups?: ColumnGroup[];
  /** Cells as plain text; `colour` may style a cell after it has been padded. */
  rows: string[][];
  colour?: (row: number, column: number, text: string) => string;
}

/** Column widths for a gap: a group's columns grow (its last one) until the group's label fits. */
function layout(table: Table, gap: number): number[] {
  const { columns, rows } = table;
  const w = columns.map((c, i) => Math.max(width(c.header), ...rows.map((r) => width(r[i] ?? ''))));
  for (const g of table.groups ?? []) {
    const span = w.slice(g.from, g.to + 1).reduce((a, b) => a + b, 0) + gap * (g.to - g.from);
    // The label with a space each side; dashes fill any room left.
    const need = width(g.label) + 2;
    for (let extra = need - span, i = g.from; extra > 0; extra--, i = i === g.to ? g.from : i + 1) w[i]++;
  }
  return w;
}

const totalWidth = (widths: number[], gap: number) =>
  widths.reduce((a, b) => a + b, 0) + gap * (widths.length - 1);

/** The narrowest the table can be without shortening any cell (columns one space apart). */
export function tableWidth(table: Table): number {
  return totalWidth(layout(table, 1), 1);
}

/** Renders `table` in at most `maxWidth` columns. */
export function renderTable(table: Table, maxWidth: number, s: Style): string[] {
  const { columns, rows } = table;
  const groups = table.groups ?? [];
  let gap = 2;
  let widths = layout(table, gap);
  const total = () => totalWidth(widths, gap);
  if (total() > maxWidth) {
    gap = 1;
    widths = layout(table, gap);
  }
  // Still too wide: cut the widest text column, one column at a time, never below 4 (numbers are never cut).
  const cuttable = columns.flatMap((c, i) => (c.align === 'left' || i === 0 ? [i] : []));
  while (total() > maxWidth) {
    const widest = cuttable.reduce((a, b) => (widths[b] > widths[a] ? b : a), cuttable[0]);
    if (widest === undefined || widths[widest] <= 4) break;
    widths[widest]--;
  }
  const sep = ' '.repeat(gap);

  const cell = (text: string, i: number, header = false) => {
    const t =
      header && columns[i].keepHeaderEnd === true
        ? truncateStart(text, widths[i])
        : truncate(text, widths[i]);
    return columns[i].align === 'left' ? padEnd(t, widths[i]) : padStart(t, widths[i]);
  };

  const lines: string[] = [];
  if (groups.length > 0) {
    let line = '';
    const start = (i: number) => widths.slice(0, i).reduce((a, b) => a + b + gap, 0);
    for (const g of [...groups].sort((a, b) => a.from - b.from)) {
      line += ' '.repeat(Math.max(0, start(g.from) - width(line)));
      const span = start(g.to) + widths[g.to] - start(g.from);
      const label = ` ${truncate(g.label, Math.max(0, span - 2))} `;
      const fill = Math.max(0, span - width(label));
      const left = Math.floor(fill / 2);
      line += `${'─'.repeat(left)}${label}${'─'.repeat(fill - left)}`;
    }
    lines.push(s.dim(line.trimEnd()));
  }
  lines.push(
    s.bold(
      columns
        .map((c, i) => cell(c.header, i, true))
        .join(sep)
        .trimEnd(),
    ),
  );
  rows.forEach((row, r) => {
    const cells = columns.map((_, i) => {
      const text = cell(row[i] ?? '', i);
      return table.colour === undefined ? text : table.colour(r, i, text);
    });
    lines.push(cells.join(sep).trimEnd());
  });
  return lines;
}
