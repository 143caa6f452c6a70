/** The lane of steps whose action names no actor, when the model's name is not known. */
export const defaultLane = 'system';

/**
 * Colours for lanes, in lane order: distinct on white and in print, and none of them red,
 * which marks what went wrong. A diagram with more lanes reuses them in turn.
 */
export const laneColors = ['#2563eb', '#c2410c', '#047857', '#7c3aed', '#be185d', '#0e7490', '#4d7c0f', '#92400e'] as const;

/** The colour of lane number `index`. */
export function laneColor(index: number): string {
  return laneColors[index % laneColors.length];
}

/**
 * Orders the lanes of a diagram, given the actors in the order they first act. Lanes whose
 * names differ only in a trailing number ("thread 0", "thread 2", "thread 1") stay together in
 * numeric order; each such group takes the place where its first member acted, so the lane of
 * whoever moves first is on the left and "domain 1" never sits left of "domain 0".
 */
export function orderLanes(actors: readonly string[]): string[] {
  const groups = new Map<string, { name: string; n: number }[]>();
  for (const name of new Set(actors)) {
    const { family, number } = splitName(name);
    const members = groups.get(family) ?? [];
    members.push({ name, n: number ?? -1 });
    groups.set(family, members);
  }
  return [...groups.values()].flatMap((members) => members.sort((a, b) => a.n - b.n).map((m) => m.name));
}

/** "thread 12" is number 12 of family "thread"; "collector" has no number. */
function splitName(name: string): { family: string; number?: number } {
  const match = /^(.*\S)\s+(\d+)$/.exec(name);
  return match ? { family: match[1], number: Number(match[2]) } : { family: name };
}

/** Lanes side by side that a diagram's header names together: "thread" over "0", "1", "2". */
export interface LaneGroup {
  /** The family's name, for two lanes or more of one family; absent for a lane on its own. */
  readonly family?: string;
  /** The lanes, by index, each with its label under the family's name (its full name when alone). */
  readonly lanes: readonly { readonly index: number; readonly label: string }[];
}

/**
 * Splits ordered lanes into groups for a header: neighbouring lanes of one family ("thread 0",
 * "thread 1") under the family's name with their numbers as labels, any other lane on its own.
 */
export function laneGroups(lanes: readonly string[]): LaneGroup[] {
  const groups: { family: string; lanes: { index: number; label: string; name: string }[] }[] = [];
  lanes.forEach((name, index) => {
    const { family, number } = splitName(name);
    const last = groups.at(-1);
    if (number !== undefined && last?.family === family) last.lanes.push({ index, label: String(number), name });
    else groups.push({ family, lanes: [{ index, label: number === undefined ? name : String(number), name }] });
  });
  return groups.map((g) =>
    g.lanes.length > 1 ? { family: g.family, lanes: g.lanes.map(({ index, label }) => ({ index, label })) } : { lanes: [{ index: g.lanes[0].index, label: g.lanes[0].name }] },
  );
}
