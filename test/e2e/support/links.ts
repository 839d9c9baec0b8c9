/** Links the browser tests open, shared by the Chromium and Firefox checks. */

/** A built-in lesson with an override and a non-default seed. */
export const SHARED = {
  id: 'retry-storm',
  seed: 7,
  sets: ['services.api.calls.0.timeoutMs=100'],
};

export function fragmentOf(link: { id: string; seed: number; sets: readonly string[] }): string {
  const p = new URLSearchParams({ v: '1', id: link.id, seed: String(link.seed) });
  for (const s of link.sets) p.append('set', s);
  return `#${p.toString()}`;
}

/** The performance run: a 10-minute retry storm at 1,000 requests/s. */
export const STORM_10_MIN = {
  id: 'retry-storm',
  seed: 1,
  sets: ['durationMs=600000', 'clients.users.arrival.ratePerSec=1000'],
};
