/**
 * The page that walks a journey through the lab for a browser the test cannot drive (see
 * driver.js): the lab in a same-origin iframe at 1280x800, the steps as JSON.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtraFiles } from '../static-server.ts';

export interface JourneySteps {
  /** The label of the param the first comparison varies, and of the second. */
  compare: string;
  compareAgain: string;
  /** How many variants each comparison label gives. */
  variants: Record<string, number>;
  control: { path: string; text: string };
  scenario: string;
  /** A share-link fragment opened on the same page. */
  link: string;
}

export function journeyFiles(steps: JourneySteps): ExtraFiles {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>journey</title></head><body style="margin:0">
<iframe id="lab" src="/?speed=max#v=1&id=retry-storm&seed=1" width="1280" height="800" style="border:0"></iframe>
<script type="application/json" id="steps">${JSON.stringify(steps).replace(/</g, '\\u003c')}</script>
<script src="/journey/driver.js"></script>
</body></html>`;
  return {
    '/journey/': { type: 'text/html; charset=utf-8', body: html },
    '/journey/driver.js': {
      type: 'text/javascript; charset=utf-8',
      body: readFileSync(join(import.meta.dirname, 'driver.js'), 'utf8'),
    },
  };
}
