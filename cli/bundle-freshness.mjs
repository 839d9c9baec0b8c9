// Whether the compiled command (dist/cli, built by `npm run build:cli`, which `npm ci` runs as
// `prepare`) still matches the TypeScript sources. bin.mjs runs the bundle only when it does, so
// an edited source is never run from a stale bundle: it runs through tsx instead until the next
// build. The check stats every source file (about 350 files, a few milliseconds): the stamp the
// build wrote holds the number of files and the newest modification time it saw, and a source
// added, removed or touched since then makes the bundle stale.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The folders whose files go into the command's bundle (relative to the repository root). */
export const SOURCE_DIRS = ['cli', 'sim-core', 'scenarios', 'workers'];
/** Files at the root that change what the bundle holds. */
export const SOURCE_FILES = ['package.json', 'package-lock.json'];
/** Where the bundle and its stamp go (relative to the repository root). */
export const BUNDLE_DIR = join('dist', 'cli');
export const STAMP_FILE = 'sources.json';

const SOURCE_EXT = /\.(ts|mts|mjs|js|json)$/;

/** The sources' count and newest modification time (ms), under `root`. */
export function sourcesState(root) {
  let files = 0;
  let newestMs = 0;
  const see = (path) => {
    const t = statSync(path).mtimeMs;
    files++;
    if (t > newestMs) newestMs = t;
  };
  for (const dir of SOURCE_DIRS) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && SOURCE_EXT.test(entry.name))
        see(join(entry.parentPath ?? entry.path, entry.name));
    }
  }
  for (const file of SOURCE_FILES) see(join(root, file));
  return { files, newestMs };
}

/**
 * Why the bundle under `root` cannot be used (a short reason), or null when it is fresh. Never
 * throws: a missing or unreadable stamp is a reason.
 */
export function bundleStaleness(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, BUNDLE_DIR, STAMP_FILE), 'utf8'));
  } catch {
    return 'not built';
  }
  let now;
  try {
    now = sourcesState(root);
  } catch {
    return 'sources unreadable';
  }
  if (now.files !== stamp.files) return 'sources added or removed since the build';
  if (now.newestMs > stamp.newestMs) return 'sources changed since the build';
  return null;
}
