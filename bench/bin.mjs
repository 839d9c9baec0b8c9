#!/usr/bin/env node
// Runs the benchmarks (TypeScript through tsx): `npm run bench [-- --json] [-- --case mm1]`.
// With the V8 tuning for long runs (cli/v8-tuning.mjs) unless FAULTLINE_V8_TUNING=0.
import { register } from 'tsx/esm/api';
import { applyV8Tuning } from '../cli/v8-tuning.mjs';

applyV8Tuning(true);
register();
await import('./main.ts');
