/** Seeds: parsing what a learner types, and a fresh one for "new seed". */

/** A seed typed in: a whole number 0..2^53-1, or null. */
export function parseSeedText(text: string): number | null {
  const t = text.trim();
  if (!/^[0-9]{1,16}$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

/** A new seed from the platform's random source (the UI's choice; never used inside a run). */
export function newSeed(): number {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return 1 + (a[0] % 999_999);
}
