/**
 * Objects keyed by names users choose (clients, services, edges, queues, faults). A plain `{}`
 * inherits from Object.prototype, so a name like `__proto__` would set its prototype instead of
 * adding a key (the entry vanishes), and a lookup of `constructor` or `toString` would find
 * Object.prototype's. These objects have no prototype, and lookups check own properties only.
 */

/** An empty object with no prototype, for entries keyed by user-chosen names. */
export function byName<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * `record[name]` if `record` has it as its own property, else undefined: safe on objects that
 * came from JSON.parse or structuredClone (ordinary objects, maybe with an own `__proto__`).
 */
export function ownEntry<T>(record: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, name) ? record[name] : undefined;
}
