/**
 * The record pool's audit, for tests: with it on, a released `Call` or `Job` is poisoned instead
 * of recycled, so any later read or write of one of its fields throws at once. A use after
 * release in the model would otherwise read a recycled record's fields, silently.
 */

/** Counts what the audited pools released (a test reads it to see the audit watched something). */
export interface RecordAudit {
  releases: number;
}

let audit: RecordAudit | null = null;

/** Turns the audit on (a counter) or off (null) for record pools made from now on (see `record-pool.ts`). */
export function auditRecordPool(counter: RecordAudit | null): void {
  audit = counter;
}

/** The audit that pools made now report to, or null. */
export function recordAudit(): RecordAudit | null {
  return audit;
}

/**
 * Every field access that reaches it throws: a released record's own fields are deleted, so a
 * read or a write of any of them falls through to this prototype.
 */
const POISON: object = new Proxy(Object.create(null) as object, {
  get(_, key) {
    throw new Error(`a released call or job record was read (${String(key)}) after its release`);
  },
  set(_, key) {
    throw new Error(`a released call or job record was written (${String(key)}) after its release`);
  },
  has(_, key) {
    throw new Error(`a released call or job record was asked for ${String(key)} after its release`);
  },
});

/** Poisons a released record: only `keep` (its pool state, for the double-release check) stays readable. */
export function poison(record: object, keep: string): void {
  const fields = record as Record<string, unknown>;
  for (const key of Object.keys(fields)) if (key !== keep) delete fields[key];
  Object.setPrototypeOf(record, POISON);
}
