import { distance } from 'fastest-levenshtein';

/** A name further than this many edits from the one given is never suggested. */
const MAX_EDITS = 3;
/** Nor is one that shares less than this part of its letters with it (commander's rule too). */
const MIN_SIMILARITY = 0.4;

/**
 * The known names closest to a misspelt one, as commander suggests commands and options:
 * those at the fewest edits (at most three) that keep more than 40% of the letters in common;
 * none when nothing is that close.
 */
export function closestNames(name: string, known: readonly string[]): string[] {
  let best: string[] = [];
  let fewest = MAX_EDITS + 1;
  for (const candidate of new Set(known)) {
    const edits = distance(name.toLowerCase(), candidate.toLowerCase());
    const length = Math.max(name.length, candidate.length);
    if (edits > MAX_EDITS || (length - edits) / length <= MIN_SIMILARITY) continue;
    if (edits < fewest) [best, fewest] = [[candidate], edits];
    else if (edits === fewest) best.push(candidate);
  }
  return best;
}

/** `Did you mean "x"? ` (with a trailing space) for the closest known names, or '' when none is close. */
export function didYouMean(name: string, known: readonly string[]): string {
  const close = closestNames(name, known);
  return close.length === 0 ? '' : `Did you mean ${close.map((c) => `"${c}"`).join(' or ')}? `;
}
