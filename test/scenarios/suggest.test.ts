import { describe, expect, it } from 'vitest';
import { BUILT_IN_SCENARIOS } from '../../scenarios/index.ts';
import { applyOverrides, parseScenario } from '../../scenarios/schema/index.ts';
import { closest } from '../../scenarios/schema/suggest.ts';
import { decodeShareLink } from '../../web/share/share-link.ts';
import { libraryEntries, libraryLookup } from '../../web/state/library.ts';
import { minimal } from './scenario-helpers.ts';

function errorsOf(input: unknown): string[] {
  const r = parseScenario(input);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('did you mean', () => {
  it('picks the one close candidate, ignoring case, and nothing when none is close', () => {
    expect(closest('fulll', ['none', 'full', 'equal', 'decorrelated'])).toBe('full');
    expect(closest('RETRY-STROM', ['retry-storm', 'mm1'])).toBe('retry-storm');
    expect(closest('xyz', ['none', 'full'])).toBeUndefined();
    expect(closest('full', ['full'])).toBeUndefined();
  });

  it('for an enum value, a kind and a preset name', () => {
    const s = minimal();
    s['clients'] = [
      {
        name: 'users',
        target: 'api',
        arrival: { kind: 'poison', ratePerSec: 5 },
        retry: { maxAttempts: 2, jitter: 'fulll' },
        breaker: 'resilience4j-defualt',
      },
    ];
    expect(errorsOf(s)).toEqual([
      'clients[0].arrival.kind: found "poison"; allowed: "poisson", "constant", "on-off", "ramp", "closed", "once"; did you mean "poisson"?',
      'clients[0].retry.jitter: found "fulll"; allowed: "none", "full", "equal", "decorrelated"; did you mean "full"?',
      'clients[0].breaker: found "resilience4j-defualt"; allowed: a breaker preset ("resilience4j-default") or an object or null; did you mean "resilience4j-default"?',
    ]);
  });

  it('for a name a client, a call or a link refers to, and in a --set path', () => {
    const s = minimal();
    s['services'] = [
      { name: 'inventory', serviceTime: { kind: 'constant', valueMs: 1 } },
      { name: 'api', serviceTime: { kind: 'constant', valueMs: 1 }, calls: [{ service: 'inventroy' }] },
    ];
    s['network'] = { links: [{ from: 'userz', to: 'api', loss: 0 }] };
    expect(errorsOf(s)).toEqual([
      'services[1].calls[0].service: found "inventroy"; allowed: a service or queue name: "inventory", "api"; did you mean "inventory"?',
      'network.links[0].from: found "userz"; allowed: a client or service name: "users", "inventory", "api"; did you mean "users"?',
    ]);
    const set = applyOverrides(s, ['services.inventroy.replicas=2']);
    expect(set.ok ? [] : set.errors.map((e) => e.message)).toEqual([
      'found "inventroy"; allowed: an index 0..1 or a name: inventory, api; did you mean "inventory"?',
    ]);
  });

  it('not when the value is far from every candidate', () => {
    const s = minimal();
    s['services'] = [{ name: 'api', serviceTime: { kind: 'constant', valueMs: 1 }, loadBalancer: 'sticky' }];
    expect(errorsOf(s)).toEqual([
      'services[0].loadBalancer: found "sticky"; allowed: "round-robin", "random", "least-outstanding", "power-of-two"',
    ]);
  });

  it("for the lab's id= link", async () => {
    const library = libraryLookup(libraryEntries(BUILT_IN_SCENARIOS));
    const decoded = await decodeShareLink('#v=1&id=retry-strom', library);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.errors[0].path).toBe('link.id');
      expect(decoded.errors[0].message).toMatch(
        /^found "retry-strom"; allowed: a built-in scenario: .*; did you mean "retry-storm"\?$/,
      );
    }
  });

  it('a share link whose overrides remove what the lesson refers to opens, like `faultline run`', async () => {
    const library = libraryLookup(libraryEntries(BUILT_IN_SCENARIOS));
    const decoded = await decodeShareLink(
      `#v=1&id=retry-storm&set=${encodeURIComponent('faults=[]')}`,
      library,
    );
    expect(decoded.ok && decoded.scenario.faults).toEqual([]);
  });
});
