/** Where a reachability (`sometimes`) check was first met. */
export interface Sighting {
  /** The check's name. */
  readonly property: string;
  /** Steps from the initial state to the state that met it (not necessarily the fewest possible). */
  readonly steps: number;
  /** The random walk that met it, when a walk did: its seed and run number. */
  readonly seed?: number;
  readonly run?: number;
}

/** A tally as plain data: what a job sends back, over a thread's port or through Redis. */
export interface TallyData {
  /** Random walks run. */
  readonly runs: number;
  /** Steps taken (actions fired along walks, edges followed by depth-first searches). */
  readonly steps: number;
  /** States checked against the properties (a state reached twice counts twice). */
  readonly states: number;
  /** The most steps any walk or depth-first path took from an initial state. */
  readonly deepest: number;
  /** For each action instance (by its index), how many steps took it. */
  readonly fired: readonly number[];
  /** The reachability checks met, each with its sighting in the fewest steps. */
  readonly reached: readonly Sighting[];
}

/**
 * What simulations and searches saw, summed: runs, steps, states checked, how often each action
 * instance fired, and the reachability checks met. Tallies of jobs run anywhere add up into one.
 */
export class Tally {
  runs = 0;
  steps = 0;
  states = 0;
  deepest = 0;
  readonly fired: number[];
  private readonly sightings = new Map<string, Sighting>();

  /** @param actions - the number of action instances. */
  constructor(actions: number) {
    this.fired = new Array<number>(actions).fill(0);
  }

  /** Records that a reachability check was met; keeps the sighting in the fewest steps. */
  meet(sighting: Sighting): void {
    const known = this.sightings.get(sighting.property);
    if (!known || sighting.steps < known.steps) this.sightings.set(sighting.property, sighting);
  }

  /** The reachability checks met so far. */
  get reached(): readonly Sighting[] {
    return [...this.sightings.values()];
  }

  /** Adds another tally (a finished job's) to this one. */
  add(other: TallyData): void {
    this.runs += other.runs;
    this.steps += other.steps;
    this.states += other.states;
    this.deepest = Math.max(this.deepest, other.deepest);
    other.fired.forEach((n, i) => (this.fired[i] += n));
    for (const sighting of other.reached) this.meet(sighting);
  }

  /** The tally as plain data. */
  data(): TallyData {
    return { runs: this.runs, steps: this.steps, states: this.states, deepest: this.deepest, fired: [...this.fired], reached: this.reached };
  }
}
