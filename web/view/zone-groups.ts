/**
 * A service's replica slots grouped by availability zone, for the topology's pips: one group per
 * zone in order of its first slot, each with the slots it holds, so a zone outage reads as one
 * group going down together. Without zones, one group of every slot in order.
 */

/** The slots of one zone (zone null: the service declares no zones). */
export interface ZoneGroup {
  zone: string | null;
  /** A short label: the shortest suffix that tells the service's zones apart ("a" of "eu-west-1a"). */
  label: string;
  slots: number[];
}

/** Zone of slot `r`, as the model places it (`zones[r % zones.length]`); null without zones. */
export function zoneOfSlot(zones: readonly string[], r: number): string | null {
  return zones.length === 0 ? null : zones[r % zones.length];
}

/** The groups of slots 0 .. `slots` - 1. */
export function zoneGroups(zones: readonly string[], slots: number): ZoneGroup[] {
  const all = Array.from({ length: slots }, (_, r) => r);
  if (zones.length === 0) return [{ zone: null, label: '', slots: all }];
  const groups: ZoneGroup[] = [];
  for (const r of all) {
    const zone = zoneOfSlot(zones, r);
    let g = groups.find((x) => x.zone === zone);
    if (g === undefined) {
      g = { zone, label: '', slots: [] };
      groups.push(g);
    }
    g.slots.push(r);
  }
  const labels = shortLabels(groups.map((g) => g.zone ?? ''));
  groups.forEach((g, i) => {
    g.label = labels[i];
  });
  return groups;
}

/** The shortest suffixes (one character at least) that are all different; whole names otherwise. */
export function shortLabels(names: readonly string[]): string[] {
  const longest = Math.max(0, ...names.map((n) => n.length));
  for (let k = 1; k < longest; k++) {
    const suffixes = names.map((n) => n.slice(-k));
    if (new Set(suffixes).size === names.length) return suffixes;
  }
  return [...names];
}
