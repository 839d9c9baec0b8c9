import { describe, expect, it } from 'vitest';
import { BUILT_IN_SCENARIOS, builtInScenario } from '../../scenarios/index.ts';
import { applyOverrides, parseScenario } from '../../scenarios/schema/index.ts';
import { toBase64Url } from '../../web/share/base64url.ts';
import { deflateRaw } from '../../web/share/compress.ts';
import {
  decodeShareLink,
  encodeShareLink,
  isShareFragment,
  MAX_FRAGMENT,
  type ScenarioLookup,
} from '../../web/share/share-link.ts';
import { libraryEntries, libraryLookup } from '../../web/state/library.ts';

const library: ScenarioLookup = libraryLookup(libraryEntries(BUILT_IN_SCENARIOS));
const firstId = library.ids()[0];

async function rejected(fragment: string) {
  const decoded = await decodeShareLink(fragment, library);
  if (decoded.ok) throw new Error(`accepted: ${fragment.slice(0, 80)}`);
  return decoded.errors;
}

const packed = async (text: string) => toBase64Url(await deflateRaw(new TextEncoder().encode(text)));

describe('share links', () => {
  it('round-trips a built-in scenario by id, with overrides and seed', async () => {
    const raw = builtInScenario('three-tier');
    const fragment = await encodeShareLink({
      source: { kind: 'id', id: 'three-tier' },
      overrides: ['services.api.replicas=3', 'metrics.bucketMs=500'],
      seed: 42,
    });
    expect(fragment).toBe(
      'v=1&id=three-tier&seed=42&set=services.api.replicas%3D3&set=metrics.bucketMs%3D500',
    );
    expect(isShareFragment(`#${fragment}`)).toBe(true);
    const decoded = await decodeShareLink(`#${fragment}`, library);
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.errors));
    expect(decoded.seed).toBe(42);
    expect(decoded.link.overrides).toEqual(['services.api.replicas=3', 'metrics.bucketMs=500']);
    const expected = applyOverrides(raw, ['services.api.replicas=3', 'metrics.bucketMs=500']);
    if (!expected.ok) throw new Error('override failed');
    const parsed = parseScenario(expected.value);
    if (!parsed.ok) throw new Error('invalid');
    expect(decoded.scenario).toEqual(parsed.scenario);
  });

  it('round-trips a whole edited scenario, compressed', async () => {
    const doc = structuredClone(builtInScenario('three-tier')) as Record<string, unknown>;
    doc['id'] = 'my-edit';
    doc['title'] = 'Edited: ünïcödé and "quotes"';
    const fragment = await encodeShareLink({ source: { kind: 'doc', doc }, overrides: [], seed: 7 });
    expect(fragment).toMatch(/^v=1&s=[A-Za-z0-9_-]+&seed=7$/);
    expect(fragment.length).toBeLessThan(JSON.stringify(doc).length);
    const decoded = await decodeShareLink(fragment, library);
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.errors));
    expect(decoded.link.source).toEqual({ kind: 'doc', doc });
    expect(decoded.scenario.title).toBe('Edited: ünïcödé and "quotes"');
  });

  it("uses the scenario's own seed when the link has none", async () => {
    const decoded = await decodeShareLink('v=1&id=three-tier', library);
    expect(decoded.ok && decoded.seed).toBe((builtInScenario('three-tier') as { seed: number }).seed);
  });

  it('rejects every problem at once, each naming its field', async () => {
    const errors = await rejected('v=2&id=nope&seed=abc&colour=red');
    expect(errors.map((e) => e.path)).toEqual(['link.colour', 'link.v', 'link.seed', 'link.id']);
    expect(errors[1].message).toBe('found "2"; allowed: "1"');
    expect(errors[2].message).toContain('found "abc"; allowed: a whole number from 0 to');
    expect(errors[3].message).toContain(`a built-in scenario: ${firstId}`);
  });

  it('rejects a link with both or neither of id and s, and repeated keys', async () => {
    expect((await rejected('v=1&seed=1'))[0]).toMatchObject({ path: 'link.id', found: 'neither id nor s' });
    const both = await rejected(`v=1&id=three-tier&s=${await packed('{}')}`);
    expect(both[0]).toMatchObject({ path: 'link.id', found: 'both id and s' });
    expect((await rejected('v=1&id=three-tier&seed=1&seed=2'))[0]).toMatchObject({ path: 'link.seed' });
  });

  it('rejects seeds that are not whole numbers within 2^53', async () => {
    for (const seed of ['-1', '1.5', '1e3', '9007199254740992', '']) {
      expect((await rejected(`v=1&id=three-tier&seed=${seed}`))[0].path).toBe('link.seed');
    }
  });

  it('rejects packed data that is not base64url, not deflate, not UTF-8 or not JSON', async () => {
    expect((await rejected('v=1&s=a+b/c'))[0]).toMatchObject({
      path: 'link.s',
      found: 'characters outside base64url',
    });
    expect((await rejected('v=1&s=AAAA'))[0]).toMatchObject({
      path: 'link.s',
      found: 'data that does not decompress',
    });
    const latin1 = toBase64Url(await deflateRaw(new Uint8Array([0xff, 0xfe, 0x41])));
    expect((await rejected(`v=1&s=${latin1}`))[0]).toMatchObject({ found: 'bytes that are not UTF-8 text' });
    const notJson = await rejected(`v=1&s=${await packed("{ 'id': 1 }")}`);
    expect(notJson[0].path).toBe('link.s:1:3');
    expect(notJson[0].message).toContain('strings use double quotes');
  });

  it('validates the scenario a link carries and names the bad field', async () => {
    const doc = structuredClone(builtInScenario('three-tier')) as { services: { replicas: number }[] };
    doc.services[0].replicas = 0;
    const errors = await rejected(
      await encodeShareLink({ source: { kind: 'doc', doc }, overrides: [], seed: 1 }),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({ path: 'link scenario: services[0].replicas', found: '0' }),
    );
  });

  it('validates overrides like --set does, and never reaches the prototype chain', async () => {
    const proto = await rejected('v=1&id=three-tier&set=__proto__.polluted%3D1');
    expect(proto[0].path).toBe('link.set: __proto__');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const bad = await rejected('v=1&id=three-tier&set=services.nope.replicas%3D2');
    expect(bad[0].path).toBe('link.set: services.nope');
    const invalid = await rejected('v=1&id=three-tier&set=services.0.replicas%3D-1');
    expect(invalid[0].path).toBe('link scenario: services[0].replicas');
  });

  it('refuses oversized links and decompression bombs', async () => {
    expect((await rejected(`v=1&id=${'x'.repeat(MAX_FRAGMENT)}`))[0].path).toBe('link');
    const bomb = await packed(`{"id":"${' '.repeat(3 * 1024 * 1024)}"}`);
    expect(bomb.length).toBeLessThan(10_000);
    expect((await rejected(`v=1&s=${bomb}`))[0]).toMatchObject({
      path: 'link.s',
      found: 'more than 2 MiB of scenario',
    });
  });

  it('treats only fragments with a version as share links', () => {
    expect(isShareFragment('')).toBe(false);
    expect(isShareFragment('#')).toBe(false);
    expect(isShareFragment('#charts')).toBe(false);
    expect(isShareFragment('#v=1&id=mm1')).toBe(true);
  });
});
