/** The lab's simulation worker: exactly the shared {@link SimulationApi}, over comlink. */
import * as Comlink from 'comlink';
import { createSimulationApi } from '../workers/simulation-api.ts';

Comlink.expose(createSimulationApi());
