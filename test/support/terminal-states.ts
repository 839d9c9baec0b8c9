import { expect } from 'vitest';
import type { ClientSummary } from '../../sim-core/metrics/result.ts';
import type { Call } from '../../sim-core/model/call.ts';
import type { RunProbe } from '../../sim-core/model/probe.ts';

/** Records every call's ends and the user requests started, for {@link expectOneTerminalState}. */
export function callTracker(): { probe: RunProbe; ends: Map<number, number>; users: Set<number> } {
  const ends = new Map<number, number>();
  const users = new Set<number>();
  return {
    ends,
    users,
    probe: {
      callStarted: (call: Call) => {
        if (call.parent === null) users.add(call.id);
      },
      callEnded: (call: Call) => {
        ends.set(call.id, (ends.get(call.id) ?? 0) + 1);
      },
    },
  };
}

/** Every call ended at most once, and the client's user requests each ended in one state or are in flight. */
export function expectOneTerminalState(t: ReturnType<typeof callTracker>, c: ClientSummary): void {
  for (const [, n] of t.ends) expect(n, 'a call ends once').toBe(1);
  let open = 0;
  for (const id of t.users) if (!t.ends.has(id)) open++;
  expect(open, 'user requests not ended are the ones in flight').toBe(c.inFlight);
  const ended = c.succeeded + c.errors.failed + c.errors.timedOut + c.errors.rejected + c.errors.dropped;
  expect(ended + c.inFlight, 'offered = ended in one state + in flight').toBe(c.offered);
  expect(t.users.size).toBe(c.offered);
}
