/** The terminal command that reproduces what the lab runs (same scenario, overrides and seed). */

const quote = (s: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function cliCommand(
  scenario: { builtIn: string } | { file: string },
  seed: number,
  overrides: readonly string[],
): string {
  const target = 'builtIn' in scenario ? scenario.builtIn : scenario.file;
  return [
    'npx faultline run',
    quote(target),
    `--seed ${seed}`,
    ...overrides.map((o) => `--set ${quote(o)}`),
    '--json',
  ].join(' ');
}
