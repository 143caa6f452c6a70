/** The integers `0, 1, ..., n-1`: the usual `over` of an action per thread, domain or slot. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Every pair `[a, b]` with `a` from `as` and `b` from `bs`, `as` varying slowest. */
export function pairs<A, B>(as: readonly A[], bs: readonly B[]): [A, B][] {
  return as.flatMap((a) => bs.map((b): [A, B] => [a, b]));
}
