#!/usr/bin/env node
// The `faultline` command. Registers tsx so Node 20 can load the TypeScript sources, then runs
// main.ts, which sets process.exitCode (it never calls process.exit, so piped output is flushed).
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
