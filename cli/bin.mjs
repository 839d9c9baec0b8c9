#!/usr/bin/env node
import { register } from 'tsx/esm/api';
// The `faultline` command. Registers tsx so Node 20 can load the TypeScript sources, then runs
// main.ts, which sets process.exitCode (it never calls process.exit, so piped output is flushed).
// The V8 tuning comes first, before any simulation code is compiled (see v8-tuning.mjs).
import { tuneForCommand } from './v8-tuning.mjs';

tuneForCommand(process.argv.slice(2));
register();
await import('./main.ts');
