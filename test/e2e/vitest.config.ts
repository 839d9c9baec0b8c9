import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = resolve(import.meta.dirname, '../..');

// End-to-end tests of the built lab (dist/web) in Debian's Chromium and Firefox ESR.
// Run with `npm run test:e2e` (it builds first); `npm test` does not include them.
export default defineConfig({
  root,
  test: {
    root,
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
    reporters: ['default', resolve(root, 'test/support/count-reporter.ts')],
  },
});
