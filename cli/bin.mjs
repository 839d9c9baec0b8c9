#!/usr/bin/env node
// The `faultline` command. Registers tsx so Node 20 can load the TypeScript sources, then runs
// main.ts, which sets process.exitCode (it never calls process.exit, so piped output is flushed).
// The V8 tuning for long runs (off unless FAULTLINE_V8_TUNING=1, see v8-tuning.mjs) is applied
// first, before any simulation code is compiled.
import { register } from 'tsx/esm/api';
import { applyV8Tuning } from './v8-tuning.mjs';

applyV8Tuning(false);
register();
await import('./main.ts');
