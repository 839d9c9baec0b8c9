/**
 * A bench entry bundled by Rolldown, as the command is (cli/build.mjs): for `--instructions`, which
 * counts the bundle, and `--bundled`, which times it. Why it matters which code runs: tsx keeps
 * each file's top-level `const` and a bundler may not (esbuild makes them `var`, which cost the
 * command 9-10% more instructions until 6 December 2026), so a figure holds for one shape of code.
 */
import { rmSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { build } from 'rolldown';

/**
 * Bundles `input` (relative to `root`) into the folder `outDir`, emptied first (chunks are named by
 * their hashes, and an earlier build's would pile up), with its packages left as imports resolved in
 * `root/node_modules`; returns the entry's path (`<name>.mjs`). Code split, so that what the entry
 * imports only when asked (the lab's browser driver, Rolldown itself) is loaded only then, as under tsx.
 */
export async function bundleEntry(root: string, input: string, outDir: string): Promise<string> {
  const name = basename(input).replace(/\.ts$/, '');
  rmSync(outDir, { recursive: true, force: true });
  await build({
    cwd: root,
    input,
    platform: 'node',
    transform: { target: 'node20' },
    external: (id) => !id.startsWith('.') && !isAbsolute(id),
    logLevel: 'warn',
    output: { dir: outDir, format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: 'chunk-[hash].mjs' },
  });
  return join(outDir, `${name}.mjs`);
}
