/**
 * The entry of each worker_threads worker of the CLI's pool: it exposes the platform-free
 * {@link createSimulationApi} over comlink, exactly as the browser lab's Web Worker does.
 */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createSimulationApi } from './simulation-api.ts';

if (parentPort === null) throw new Error('workers/node-worker.ts must be started as a worker thread');
Comlink.expose(createSimulationApi(), nodeEndpoint(parentPort));
