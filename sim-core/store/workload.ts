import type { Engine } from '../engine/engine.ts';
import { drawKey, zipfCdf } from '../model/keys.ts';
import { exponentialDraw } from '../random/distributions/basic.ts';
import type { RandomStreams } from '../random/streams.ts';
import type { ScriptedOp } from './leaderless-store.ts';

/** What a store's clients do: Poisson operations per client, a read ratio, Zipf keys, scripted ops. */
export interface StoreWorkloadConfig {
  readonly clients: readonly { readonly opsPerSec?: number }[];
  readonly keys: { readonly count: number; readonly zipf: number };
  readonly readRatio: number;
  readonly ops?: readonly ScriptedOp[];
}

/**
 * Declares a store's two workload kinds (`<prefix>store-op-arrival`, `<prefix>store-scripted-op`:
 * the host's first two kinds) and returns `start`, which schedules the scripted operations and
 * each client's first arrival. Each client draws its gaps, read-or-write and key from its own
 * stream `store/client:<i>`, so workloads are the same whatever the protocol under them.
 */
export function storeWorkload<Ref>(
  engine: Engine<Ref>,
  prefix: string,
  config: StoreWorkloadConfig,
  streams: RandomStreams,
  wrap: (scripted: ScriptedOp) => Ref,
  unwrap: (ref: Ref | undefined) => ScriptedOp | undefined,
  invoke: (client: number, f: 'read' | 'write', key: number) => void,
): { start(): void } {
  const clientRngs = config.clients.map((_, i) => streams.stream(`store/client:${i}`));
  const cdf = zipfCdf(config.keys.count, config.keys.zipf);
  const scheduleArrival = (client: number): void => {
    const rate = config.clients[client].opsPerSec ?? 0;
    if (rate > 0) engine.after(exponentialDraw(clientRngs[client], 1000 / rate), arrival, client);
  };
  const arrival = engine.defineKind(`${prefix}store-op-arrival`, (client) => {
    const rng = clientRngs[client];
    const f = rng.next() < config.readRatio ? 'read' : 'write';
    invoke(client, f, drawKey(cdf, rng));
    scheduleArrival(client);
  });
  const scripted = engine.defineKind(`${prefix}store-scripted-op`, (_client, ref) => {
    const s = unwrap(ref);
    if (s !== undefined) invoke(s.client, s.f, s.key);
  });
  return {
    start(): void {
      for (const s of config.ops ?? []) engine.at(s.atMs, scripted, s.client, wrap(s));
      for (let c = 0; c < config.clients.length; c++) scheduleArrival(c);
    },
  };
}
