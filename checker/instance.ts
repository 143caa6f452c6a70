import { z } from 'zod';
import type { ActionSpec } from '../spec/action.js';
import type { Model, VariantSpec } from '../spec/model.js';
import type { Property } from '../spec/property.js';
import type { System } from '../spec/system.js';
import { codecFor, type Codec } from './encoding/codec.js';
import { didYouMean } from './did-you-mean.js';
import { InterleaveError, UsageError, messageOf } from './errors.js';
import { describeParams } from './params.js';
import { compileFairness, type FairnessConstraint } from './liveness/fairness.js';
import type { Symmetry } from './symmetry/canonical.js';
import { neverEnabledMistake } from './search/coverage.js';

/** One action with its argument fixed, such as `takeLeft(3)`. */
export interface ActionInstance {
  /** Its position among all instances: what parent links and replay tokens store. */
  readonly index: number;
  /** The action's name. */
  readonly action: string;
  /** The argument (undefined for an action without `over`). */
  readonly arg: unknown;
  /** The action's spec. */
  readonly spec: ActionSpec<unknown, unknown>;
  /** The instance as `name(arg)`, for messages. */
  readonly label: string;
}

/** A property with its name. */
export type NamedProperty = Property<unknown> & { readonly name: string };

/** A model built for one variant and one parameter setting, compiled for the checker. */
export interface Instance {
  /** The model. */
  readonly model: Model;
  /** The variant's name. */
  readonly variant: string;
  /** The variant's spec. */
  readonly variantSpec: VariantSpec<unknown>;
  /** The parameters, validated, defaults filled in. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Whether the parameters are the variant's own (none was given on top): what its `neverEnabled` speaks of. */
  readonly ownParams: boolean;
  /** The system the model built. */
  readonly system: System;
  /** The state encoding. */
  readonly codec: Codec;
  /** Every action instance, in declaration order then argument order. */
  readonly actions: readonly ActionInstance[];
  /** The properties by kind, in declaration order. */
  readonly invariants: readonly NamedProperty[];
  readonly reachability: readonly NamedProperty[];
  readonly finalProperties: readonly NamedProperty[];
  /** The liveness properties (`eventually`, `alwaysEventually`, `leadsTo`), checked after the search. */
  readonly liveness: readonly NamedProperty[];
  /** The system's fairness, one constraint per fair action instance or actor. */
  readonly fairness: readonly FairnessConstraint[];
  /** The symmetry reduction, when the search stores one state per orbit (see symmetry/reduction.ts). */
  readonly symmetry?: Symmetry;
}

/**
 * Writes the words under which `state` is stored into `out[offset ..]`: its encoding or, under
 * symmetry reduction, its orbit's representative's. Throws a DomainError for a state outside
 * its domain, naming the field as the model wrote it.
 */
export function encodeStored(instance: Instance, state: unknown, out: Uint32Array, offset: number): void {
  instance.codec.encode(state, out, offset);
  instance.symmetry?.canonicalInto(state, out, offset);
}

/** Renders an action argument for a label: `3`, `"a"`, `[1, 2]`, `{ domain: 1 }`. */
export function formatArg(arg: unknown): string {
  if (arg === undefined) return '';
  if (Array.isArray(arg)) return arg.map(formatArg).join(', ');
  if (typeof arg === 'object' && arg !== null) {
    return Object.entries(arg).map(([k, v]) => `${k}: ${formatArg(v)}`).join(', ');
  }
  return typeof arg === 'string' ? arg : JSON.stringify(arg);
}

/**
 * Builds a model's variant with the given parameter values (partial: the rest take the
 * variant's then the model's defaults) and compiles it for the checker. With `only`, just the
 * named properties are checked, as TLC checks the invariants its configuration names.
 * Throws a UsageError for an unknown variant or a bad parameter, an InterleaveError when
 * the model's own code fails while building.
 */
export function instantiate(
  model: Model,
  variant?: string,
  params: Record<string, unknown> = {},
  only?: readonly string[],
): Instance {
  const variants = Object.keys(model.variants);
  const name = variant ?? variants[0];
  const variantSpec = (model.variants as Record<string, VariantSpec<unknown>>)[name];
  if (!variantSpec) {
    throw new UsageError(`model ${model.name} has no variant "${name}". ${didYouMean(name, variants)}Its variants: ${variants.join(', ')}.`);
  }
  const parsed = parseParams(model, { ...(variantSpec.params ?? {}), ...params });
  let system: System;
  try {
    system = model.build({ params: parsed, variant: name });
  } catch (error) {
    throw new InterleaveError(`model ${model.name} (variant ${name}) failed while building: ${messageOf(error)}`);
  }
  checkSystem(model, system);
  const actions: ActionInstance[] = [];
  for (const [action, spec] of Object.entries(system.actions)) {
    for (const arg of spec.over ?? [undefined]) {
      const label = arg === undefined ? action : `${action}(${formatArg(arg)})`;
      actions.push({ index: actions.length, action, arg, spec, label });
    }
  }
  const properties = selectProperties(model, system, only);
  const instance: Instance = {
    model,
    variant: name,
    variantSpec,
    params: parsed,
    ownParams: Object.keys(params).length === 0,
    system,
    codec: codecFor(system.state),
    actions,
    invariants: properties.filter((p) => p.kind === 'always'),
    reachability: properties.filter((p) => p.kind === 'sometimes'),
    finalProperties: properties.filter((p) => p.kind === 'atEnd'),
    liveness: properties.filter((p) => p.kind === 'eventually' || p.kind === 'alwaysEventually' || p.kind === 'leadsTo'),
    fairness: compileFairness(model.name, system.fairness, actions, Object.keys(system.actions)),
  };
  const mistake = neverEnabledMistake(instance);
  if (mistake) throw new InterleaveError(mistake);
  return instance;
}

function selectProperties(model: Model, system: System, only: readonly string[] | undefined): NamedProperty[] {
  const all = Object.entries(system.properties).map(([name, p]) => ({ ...p, name }));
  if (!only) return all;
  for (const name of only) {
    if (!all.some((p) => p.name === name)) {
      throw new UsageError(`model ${model.name} has no property "${name}". Its properties: ${all.map((p) => `"${p.name}"`).join(', ')}.`);
    }
  }
  return all.filter((p) => only.includes(p.name));
}

function parseParams(model: Model, values: Record<string, unknown>): Record<string, unknown> {
  const known = Object.keys(model.params.shape);
  for (const key of Object.keys(values)) {
    if (!known.includes(key)) {
      throw new UsageError(`model ${model.name} has no parameter "${key}". ${describeParams(model)}`);
    }
  }
  const result = model.params.safeParse(values);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue.path.join('.');
    const got = JSON.stringify(values[String(issue.path[0])]);
    throw new UsageError(`parameter ${key} of model ${model.name}: ${issue.message} (got ${got}). ${describeParams(model)}`);
  }
  return result.data as Record<string, unknown>;
}

const fn = z.custom<(...args: never[]) => unknown>((f) => typeof f === 'function', 'must be a function');

const SystemShape = z.object({
  state: z.custom<z.ZodObject>((s) => s instanceof Object && (s as { def?: { type?: string } }).def?.type === 'object', {
    message: 'state must be a z.object schema',
  }),
  init: z.array(z.unknown()).min(1, 'at least one initial state is needed'),
  actions: z.record(
    z.string(),
    z.object({
      over: z.array(z.unknown()).optional(),
      effect: fn,
      describe: fn,
      guard: fn.optional(),
      actor: fn.optional(),
    }),
  ),
  properties: z.record(
    z.string(),
    z.object({
      kind: z.enum(['always', 'sometimes', 'atEnd', 'eventually', 'alwaysEventually', 'leadsTo']),
      holds: fn,
      trigger: fn.optional(),
    }).refine((p) => p.kind !== 'leadsTo' || p.trigger !== undefined, 'a leadsTo property needs its trigger: use leadsTo(trigger, response)'),
  ),
  fairness: z.strictObject({ weak: z.array(z.string()).optional(), strong: z.array(z.string()).optional() }).optional(),
});

function checkSystem(model: Model, system: unknown): void {
  const result = SystemShape.safeParse(system);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InterleaveError(
      `model ${model.name}: build() must return system(stateSchema, { init, actions, properties, fairness? }); at ${issue.path.join('.') || 'the top'}: ${issue.message}`,
    );
  }
}
