#!/usr/bin/env node
import { register } from 'tsx/esm/api';
// Runs the benchmarks (TypeScript through tsx): `npm run bench [-- --json] [-- --case mm1]`.
// With the command's V8 tuning (FAULTLINE_V8_DEFAULTS=1: without), so it measures what users run.
import { applyV8Tuning } from '../cli/v8-tuning.mjs';

applyV8Tuning();
register();
await import('./main.ts');
