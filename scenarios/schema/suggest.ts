/**
 * "Did you mean": the one candidate a typo most likely meant, for field names, enum values,
 * preset names, names of clients, services and queues, and scenario ids. Pure, so the command
 * and the lab suggest the same thing.
 */

/** Edit distance (insertions, deletions, substitutions), case-insensitive callers lower-case first. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate closest to `word` (ignoring case), if it is close enough to be a typo: within
 * about a third of the word's length in edits. Ties go to the first candidate, so the answer
 * follows the order given. A candidate equal to `word` is never suggested.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    if (c === word) continue;
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean "x"?` for a message, or `''` when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const hint = closest(word, candidates);
  return hint === undefined ? '' : `; did you mean ${JSON.stringify(hint)}?`;
}
