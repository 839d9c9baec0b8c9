import type { World } from './world.ts';

/**
 * How a scenario store names the clients of `summary.stores.<name>.clients`: a call's client
 * index is the scenario client whose user request it serves; a queue delivery has none (-1), and
 * its operations are one session, `(queue deliveries)`.
 */
export function storeClientName(w: World): (client: number) => string {
  return (client) => (client < 0 ? '(queue deliveries)' : (w.clients[client]?.spec.name ?? String(client)));
}
