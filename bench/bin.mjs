#!/usr/bin/env node
// Runs the benchmarks (TypeScript through tsx): `npm run bench [-- --json] [-- --case mm1]`.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
