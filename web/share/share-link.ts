/**
 * Share links: everything needed to reproduce a run, in the URL fragment (never sent to a server).
 *
 *   #v=1&id=retry-storm&seed=7&set=services.api.calls.0.retry.jitter%3D%22full%22
 *   #v=1&s=<the scenario JSON, raw-DEFLATE compressed, base64url>&seed=7
 *
 * `id` names a built-in scenario; `s` carries a whole (imported or edited) scenario; `set` are
 * `--set` overrides in the CLI's syntax, applied in order; `seed` is the master seed. Decoding is
 * validation only: the data goes through `JSON.parse`, `applyOverrides` and `parseScenario`,
 * exactly as a scenario file given to the CLI, and nothing in it is ever executed. A bad link
 * gives every problem at once, each naming its field.
 */

import { parseJson, type ValidationError } from '../../scenarios/schema/index.ts';
import { resolveScenario } from '../../scenarios/schema/resolve.ts';
import { didYouMean } from '../../scenarios/schema/suggest.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { deflateRaw, InflateError, inflateRaw } from './compress.ts';

/** What a link says. */
export interface ShareData {
  source: { kind: 'id'; id: string } | { kind: 'doc'; doc: unknown };
  /** `path=value` overrides, applied in order. */
  overrides: string[];
  /** The master seed; null: the scenario's own. */
  seed: number | null;
}

/** A decoded, validated link: what it said and the scenario it resolves to. */
export type DecodedLink =
  | { ok: true; link: ShareData; scenario: Scenario; seed: number }
  | { ok: false; errors: ValidationError[] };

/** Built-in scenarios, by id (raw documents). */
export interface ScenarioLookup {
  get(id: string): unknown;
  ids(): string[];
}

export const LINK_VERSION = '1';
/** Longest fragment accepted (characters). */
export const MAX_FRAGMENT = 256 * 1024;
/** Largest scenario a link may inflate to (bytes of JSON). */
export const MAX_SCENARIO_BYTES = 2 * 1024 * 1024;
const KEYS = ['v', 'id', 's', 'seed', 'set'];
const SEED_ALLOWED = `a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`;

/** The fragment (without `#`) for this link; keys in a fixed order, so equal links are equal text. */
export async function encodeShareLink(data: ShareData): Promise<string> {
  const params = new URLSearchParams();
  params.append('v', LINK_VERSION);
  if (data.source.kind === 'id') params.append('id', data.source.id);
  else {
    const json = new TextEncoder().encode(JSON.stringify(data.source.doc));
    params.append('s', toBase64Url(await deflateRaw(json)));
  }
  if (data.seed !== null) params.append('seed', String(data.seed));
  for (const set of data.overrides) params.append('set', set);
  return params.toString();
}

/** True when a fragment looks like a share link (so the page should decode it). */
export function isShareFragment(fragment: string): boolean {
  const body = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  return body.length > 0 && new URLSearchParams(body).has('v');
}

/** Decodes and validates a fragment (with or without its `#`). Never throws. */
export async function decodeShareLink(fragment: string, library: ScenarioLookup): Promise<DecodedLink> {
  const body = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (body.length > MAX_FRAGMENT) {
    return fail('link', `found ${body.length} characters; allowed: at most ${MAX_FRAGMENT}`);
  }
  const params = new URLSearchParams(body);
  const errors: ValidationError[] = [];
  const problem = (path: string, found: string, allowed: string) =>
    errors.push({ path: `link.${path}`, message: `found ${found}; allowed: ${allowed}`, found, allowed });

  for (const key of new Set(params.keys())) {
    if (!KEYS.includes(key)) problem(key, JSON.stringify(key), `the keys ${KEYS.join(', ')}`);
  }
  for (const key of ['v', 'id', 's', 'seed']) {
    if (params.getAll(key).length > 1) problem(key, `${params.getAll(key).length} values`, 'one value');
  }
  const version = params.get('v');
  if (version !== LINK_VERSION) {
    problem('v', version === null ? 'nothing' : JSON.stringify(version), `"${LINK_VERSION}"`);
  }

  let seed: number | null = null;
  const seedText = params.get('seed');
  if (seedText !== null) {
    const value = /^[0-9]{1,16}$/.test(seedText) ? Number(seedText) : Number.NaN;
    if (Number.isSafeInteger(value)) seed = value;
    else problem('seed', JSON.stringify(seedText), SEED_ALLOWED);
  }

  const id = params.get('id');
  const packed = params.get('s');
  let doc: unknown;
  let source: ShareData['source'] | null = null;
  if ((id === null) === (packed === null)) {
    problem(
      'id',
      id === null ? 'neither id nor s' : 'both id and s',
      'either id (a built-in scenario) or s (a packed scenario)',
    );
  } else if (id !== null) {
    doc = library.get(id);
    if (doc === undefined) {
      problem('id', JSON.stringify(id), `a built-in scenario: ${library.ids().join(', ')}`);
      errors[errors.length - 1].message += didYouMean(id, library.ids());
    } else source = { kind: 'id', id };
  } else if (packed !== null) {
    const unpacked = await unpack(packed);
    if ('error' in unpacked) errors.push(unpacked.error);
    else {
      doc = unpacked.doc;
      source = { kind: 'doc', doc };
    }
  }
  if (errors.length > 0 || source === null) return { ok: false, errors };

  const overrides = params.getAll('set');
  // As in `faultline run`: hypotheses and params the overrides leave without a referent are dropped.
  const resolved = resolveScenario(doc, overrides, { dropStale: true });
  if (!resolved.ok) {
    const where = resolved.stage === 'overrides' ? 'link.set' : 'link scenario';
    return { ok: false, errors: resolved.errors.map((e) => ({ ...e, path: `${where}: ${e.path}` })) };
  }
  return {
    ok: true,
    link: { source, overrides, seed },
    scenario: resolved.scenario,
    seed: seed ?? resolved.scenario.seed,
  };
}

async function unpack(packed: string): Promise<{ doc: unknown } | { error: ValidationError }> {
  const err = (found: string, allowed: string): { error: ValidationError } => ({
    error: { path: 'link.s', message: `found ${found}; allowed: ${allowed}`, found, allowed },
  });
  const bytes = fromBase64Url(packed);
  if (bytes === null) return err('characters outside base64url', 'base64url text (A-Z a-z 0-9 - _)');
  let json: Uint8Array;
  try {
    json = await inflateRaw(bytes, MAX_SCENARIO_BYTES);
  } catch (e) {
    if (e instanceof InflateError && e.reason === 'too-large') {
      return err('more than 2 MiB of scenario', 'a scenario of at most 2 MiB');
    }
    return err('data that does not decompress', 'raw-DEFLATE compressed scenario JSON');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    return err('bytes that are not UTF-8 text', 'scenario JSON text');
  }
  const parsed = parseJson(text, 'link.s');
  if (!parsed.ok) return { error: parsed.errors[0] };
  return { doc: parsed.value };
}

function fail(path: string, message: string): DecodedLink {
  return { ok: false, errors: [{ path, message }] };
}
