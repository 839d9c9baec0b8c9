#!/usr/bin/env node
// Runs the benchmarks (TypeScript through tsx): `npm run bench [-- --json] [-- --case mm1]`.
// V8's default flags, as the command: the tuning for long runs (cli/v8-tuning.mjs) only with
// FAULTLINE_V8_TUNING=1 (measured on 3 December 2026: it no longer helps enough, see the README).
import { register } from 'tsx/esm/api';
import { applyV8Tuning } from '../cli/v8-tuning.mjs';

applyV8Tuning(false);
register();
await import('./main.ts');
