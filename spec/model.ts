import { z } from 'zod';
import type { Expectation } from './expectation.js';
import type { System } from './system.js';
import { requireZod4 } from './zod4.js';

/** The parameters' schema: a zod object whose fields all have defaults (`z.number().int().min(1).max(4).default(2)`). */
export type ParamsSchema = z.ZodObject;

/**
 * A named variant of a model: the original bug, or one proposed fix.
 *
 * @typeParam P - the parameters' type.
 * @typeParam K - the names of the properties its systems check.
 */
export interface VariantSpec<P, K extends string = string> {
  /** One line: what this variant is. */
  readonly summary: string;
  /** Where it comes from: the seed and passage, the PR, the comment. */
  readonly source: string;
  /** The verdict the checker is expected to find with this variant's default parameters. */
  readonly expect: Expectation<K>;
  /** Parameter defaults for this variant, overriding the model's (the command line overrides both). */
  readonly params?: Partial<P>;
  /**
   * Actions (by name) or action instances (as `name(arg)`, say `'callBack(1, 2)'`) that this
   * variant is expected never to enable, each with the reason why. After an exhaustive check
   * the checker flags every other action or instance that no reachable state enabled, as a
   * likely modelling mistake; a name that is neither an action nor an instance is a model error.
   */
  readonly neverEnabled?: Readonly<Record<string, string>>;
}

/** What `build` receives: the parsed parameters and the variant's name. */
export interface BuildContext<P, V extends string> {
  /** The parameters, validated against the model's schema, with defaults filled in. */
  readonly params: P;
  /** The variant to build. */
  readonly variant: V;
}

/**
 * A model: a family of systems, one per variant and parameter setting.
 *
 * @typeParam PS - the parameters' schema.
 * @typeParam V - the variant names.
 * @typeParam K - the property names of the systems it builds.
 */
export interface Model<PS extends ParamsSchema = ParamsSchema, V extends string = string, K extends string = string> {
  /** The name used on the command line (`interleave check <name>`): lower case, words joined by '-'. */
  readonly name: string;
  /** One line: what is modelled. */
  readonly summary: string;
  /** The parameters, with defaults and bounds. */
  readonly params: PS;
  /** The variants by name; the first is the default. */
  readonly variants: Readonly<Record<V, VariantSpec<z.output<PS>, K>>>;
  /**
   * Builds the system for one variant and one parameter setting. (Declared as a method so that
   * a model with specific parameters and variants is still a `Model` to the checker.)
   */
  build(ctx: BuildContext<z.output<PS>, V>): System<K>;
}

/**
 * What `defineModel` takes: a model whose parameters may be left out when it has none. The
 * property names come from what `build` returns, so the variants' expectations must name one
 * of them (`NoInfer`: a misspelled `violates('...')` is a type error, not one more name).
 */
export interface ModelSpec<PS extends ParamsSchema, V extends string, K extends string> {
  /** See `Model.name`. */
  readonly name: string;
  /** See `Model.summary`. */
  readonly summary: string;
  /** See `Model.params`; omitted: no parameters. */
  readonly params?: PS;
  /** See `Model.variants`. */
  readonly variants: Readonly<Record<V, VariantSpec<z.output<PS>, NoInfer<K>>>>;
  /** See `Model.build`. */
  build(ctx: BuildContext<z.output<PS>, V>): System<K>;
}

/**
 * Declares a model. A module that holds a model exports it as its default export, so that
 * `interleave check ./my-model.ts` can load it.
 */
export function defineModel<PS extends ParamsSchema = z.ZodObject<{}>, V extends string = string, K extends string = string>(
  spec: ModelSpec<PS, V, K>,
): Model<PS, V, K> {
  requireZod4(spec.params, `model ${spec.name}'s params`);
  return { ...spec, params: spec.params ?? (z.object({}) as unknown as PS) };
}
