import type { Model } from '../spec/model.js';
import philosophers from '../models/philosophers/philosophers.js';
import filter from './models/filter.js';
import filterProcess from './models/filter-process.js';
import gcStw from './models/gc-stw.js';
import fifo from './models/fifo.js';

/** One of the four benchmark models, as each tool runs it. */
export interface Family {
  /** The name MODELS.md, the Murphi file and the Promela generator use. */
  readonly name: string;
  /** The interleave model. */
  readonly model: Model;
  /** The URL of the model's module, which worker threads import. */
  readonly modelUrl: string;
  /** The interleave variant that is the benchmark model. */
  readonly variant: string;
  /**
   * True when the model ends in an intended deadlock that every tool must not report:
   * pan gets -E and rumur `--deadlock-detection off`. Interleave gets `deadlock: false`
   * unless the model declares the end with its `final` predicate.
   */
  readonly endsInDeadlock: boolean;
  /** Whether interleave checks for deadlocks (false where the intended deadlock is not declared final). */
  readonly interleaveDeadlock: boolean;
  /**
   * The same model written as processes (`defineProcess`), with the same variant and counts:
   * the bench runs it beside the action form as "process form", to time what processes cost.
   */
  readonly processForm?: { readonly model: Model; readonly modelUrl: string };
}

/** The counts MODELS.md gives for an instance; a count it leaves blank or gives only roughly is absent. */
export interface Expected {
  /** Distinct reachable states. */
  readonly states: number;
  /** Enabled action instances summed over the reachable states. */
  readonly transitions?: number;
  /** Breadth-first depth. */
  readonly depth?: number;
}

/** The tiers whose every state is explored, by size. */
export type UnreducedTier = 'medium' | 'large';

/** The bench's tiers: the unreduced ones, and the symmetric tier (bench/symmetric/). */
export type Tier = UnreducedTier | 'symmetric';

/** A model and the values of its constants. */
export interface ModelInstance {
  /** The model. */
  readonly family: Family;
  /** The constants by their MODELS.md names (N, K, M); interleave's parameters are the same names in lower case. */
  readonly size: Readonly<Record<string, number>>;
}

/** One instance of an unreduced tier, with the counts to match. */
export interface BenchInstance extends ModelInstance {
  /** The counts to match. */
  readonly expected: Expected;
}

/** The four benchmark models, by their MODELS.md names. */
export const families: Readonly<Record<string, Family>> = {
  philosophers: {
    name: 'philosophers',
    model: philosophers,
    modelUrl: new URL('../models/philosophers/philosophers.ts', import.meta.url).href,
    variant: 'left-first',
    endsInDeadlock: true,
    interleaveDeadlock: false,
  },
  filter: {
    name: 'filter',
    model: filter,
    modelUrl: new URL('./models/filter.ts', import.meta.url).href,
    variant: 'textbook',
    endsInDeadlock: false,
    interleaveDeadlock: true,
    processForm: { model: filterProcess, modelUrl: new URL('./models/filter-process.ts', import.meta.url).href },
  },
  gc_stw: { name: 'gc_stw', model: gcStw, modelUrl: new URL('./models/gc-stw.ts', import.meta.url).href, variant: 'handshake', endsInDeadlock: false, interleaveDeadlock: true },
  // The end (all messages consumed) is declared with the model's `final` predicate.
  fifo: { name: 'fifo', model: fifo, modelUrl: new URL('./models/fifo.ts', import.meta.url).href, variant: 'ring-buffer', endsInDeadlock: true, interleaveDeadlock: true },
};

/** The instances of each unreduced tier with their MODELS.md counts, in the order they run. */
export const tiers: Readonly<Record<UnreducedTier, readonly BenchInstance[]>> = {
  medium: [
    { family: families.philosophers, size: { N: 11 }, expected: { states: 1_169_589, transitions: 10_621_259, depth: 22 } },
    { family: families.filter, size: { N: 6 }, expected: { states: 1_827_936, transitions: 6_803_688 } },
    { family: families.gc_stw, size: { N: 12 }, expected: { states: 1_066_979, transitions: 10_686_166 } },
    { family: families.fifo, size: { K: 8, M: 60_000 }, expected: { states: 1_079_937, depth: 180_000 } },
  ],
  large: [
    { family: families.philosophers, size: { N: 13 }, expected: { states: 14_835_837, transitions: 159_222_869, depth: 26 } },
    { family: families.gc_stw, size: { N: 14 }, expected: { states: 9_582_323 } },
    { family: families.fifo, size: { K: 10, M: 500_000 }, expected: { states: 10_999_901, transitions: 20_499_800, depth: 1_500_000 } },
    { family: families.filter, size: { N: 7 }, expected: { states: 41_512_352 } },
  ],
};

/** "philosophers N=11", "fifo K=8 M=60000". */
export function instanceName(instance: ModelInstance): string {
  return [instance.family.name, ...Object.entries(instance.size).map(([k, v]) => `${k}=${v}`)].join(' ');
}

/** The instance's interleave parameters: its constants with lower-case names. */
export function interleaveParams(instance: Pick<ModelInstance, 'size'>): Record<string, number> {
  return Object.fromEntries(Object.entries(instance.size).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Finds a family by its MODELS.md name or its interleave model name ("gc_stw" or "gc-stw"). */
export function familyNamed(name: string): Family {
  const found = Object.values(families).find((f) => f.name === name || f.model.name === name);
  if (!found) {
    const names = Object.values(families).map((f) => f.name);
    throw new Error(`no benchmark model is called "${name}"; the models are ${names.join(', ')}`);
  }
  return found;
}
