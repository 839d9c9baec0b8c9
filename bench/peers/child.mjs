#!/usr/bin/env node
// One run of one Node peer of `npm run bench -- --peers`: `node child.mjs NAME REQUESTS`.
// A start of its own, so a peer loads only its own code (not Faultline's), with the V8 tuning
// the bench uses (off unless FAULTLINE_V8_TUNING=1, as in the command) for every Node peer alike.
import { register } from 'tsx/esm/api';
import { applyV8Tuning } from '../../cli/v8-tuning.mjs';

applyV8Tuning(false);
register();
await import('./child.ts');
