/**
 * The modelling API: everything a model file imports.
 *
 * @packageDocumentation
 */
export { defineModel } from './model.js';
export type { Model, ModelSpec, VariantSpec, BuildContext, ParamsSchema } from './model.js';
export { system } from './system.js';
export type { System, SystemSpec, StateSchema, Processes, Properties } from './system.js';
export type { ActionSpec, Actions } from './action.js';
export { always, sometimes, atEnd } from './property.js';
export type { Property, PropertyKind, SafetyKind, LivenessKind, StatePredicate, Explanation } from './property.js';
export { eventually, alwaysEventually, leadsTo } from './liveness.js';
export type { Fairness } from './liveness.js';
export { holds, violates, deadlocks, describeExpectation } from './expectation.js';
export type { Expectation } from './expectation.js';
export { range, pairs } from './ranges.js';
export { scalarset } from './scalarset.js';
export type { Scalarset } from './scalarset.js';
export type { DeepReadonly } from './readonly.js';
export { defineProcess } from './process/define.js';
export type {
  Process,
  ProcessSpec,
  Step,
  Choice,
  Label,
  LabelOptions,
  Statement,
  Next,
  Fairness as ProcessFairness,
  AnyProcess,
  ProcessState,
  WithProcesses,
} from './process/define.js';
