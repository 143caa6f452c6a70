import { z } from 'zod';
import { UsageError } from '../errors.js';
import type { CheckResult } from '../result.js';
import type { Trace, TraceStep } from '../trace/trace.js';
import type { CheckReport } from './json.js';

/** A value in the Informal Trace Format (Apalache ADR-015). */
export type ItfValue =
  | boolean
  | string
  | ItfValue[]
  | { [key: string]: ItfValue }
  | { '#bigint': string }
  | { '#tup': ItfValue[] };

/** What ITF's `#meta` of a state holds: its index and, after the first, the step that led to it. */
type StepMeta = { index: number } & Partial<Pick<TraceStep, 'action' | 'arg' | 'actor' | 'description'>>;

/**
 * A trace in the Informal Trace Format (ITF) of Apalache ADR-015, as Quint writes it:
 * `vars` lists the state variables (the state object's top-level fields), `states` holds one
 * record per state. Integers become `{"#bigint": "n"}`, arrays lists, objects records, null the
 * empty tuple `{"#tup": []}` (ITF has no null; the empty tuple is Quint's unit value). Each
 * state's `#meta` carries its index and the step that led to it; the trace's `#meta` names the
 * model, variant, parameters and verdict, so that `interleave replay` can re-execute the file.
 *
 * A lasso gets ITF's `loop`, the same index as the JSON report's `trace.loop` and the text's
 * "state k": the state where the loop starts (0 the initial state, k the state after step k).
 * ITF repeats `states[loop]` to the last state forever, so the last state of our trace, which is
 * `states[loop]` again, is left out, and the step that closes the loop is the last state's
 * `#meta.next`; a final state that stutters (`loop` = the number of steps) is its own loop.
 */
export function toItf(result: CheckResult, trace: Trace, modelFile?: string): Record<string, unknown> {
  const closes = trace.loop !== undefined && trace.loop < trace.steps.length;
  const kept = closes ? trace.steps.slice(0, -1) : trace.steps;
  const states = [trace.initial, ...kept.map((s) => s.state)];
  const vars = Object.keys(trace.initial as object);
  const outcome = result.outcome;
  return {
    '#meta': {
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      source: `interleave: ${result.model}, variant ${result.variant}`,
      description: outcome.verdict === 'violates' ? `violates ${outcome.property}` : outcome.verdict,
      model: result.model,
      ...(modelFile === undefined ? {} : { modelFile }),
      variant: result.variant,
      params: result.params,
      verdict: outcome.verdict,
      ...(outcome.verdict === 'violates' ? { property: outcome.property } : {}),
    },
    vars,
    states: states.map((state, index) => {
      const meta: Record<string, unknown> = index === 0 ? { index } : { index, ...stepMeta(kept[index - 1]) };
      if (closes && index === states.length - 1) meta.next = stepMeta(trace.steps.at(-1)!);
      return { '#meta': meta, ...(toItfValue(state) as Record<string, ItfValue>) };
    }),
    ...(trace.loop === undefined ? {} : { loop: trace.loop }),
  };
}

function stepMeta(step: TraceStep): Omit<StepMeta, 'index'> {
  return { action: step.action, ...(step.arg === undefined ? {} : { arg: step.arg }), ...(step.actor === undefined ? {} : { actor: step.actor }), description: step.description };
}

/** Converts one state value to its ITF form. */
export function toItfValue(value: unknown): ItfValue {
  if (typeof value === 'number') return { '#bigint': String(value) };
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (value === null) return { '#tup': [] };
  if (Array.isArray(value)) return value.map(toItfValue);
  return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toItfValue(v)]));
}

const StepMetaJson = z.object({
  action: z.string(),
  arg: z.unknown().optional(),
  actor: z.string().optional(),
  description: z.string(),
});

/** An ITF trace as `interleave check --itf` writes it, and `interleave replay` reads back. */
export const ItfTraceJson = z.object({
  '#meta': z.looseObject({
    model: z.string(),
    modelFile: z.string().optional(),
    variant: z.string(),
    params: z.record(z.string(), z.unknown()),
    verdict: z.enum(['holds', 'violates', 'deadlocks', 'incomplete', 'error']),
    property: z.string().optional(),
  }),
  vars: z.array(z.string()),
  states: z
    .array(z.looseObject({ '#meta': z.looseObject({ index: z.number().int().nonnegative(), next: StepMetaJson.optional(), ...StepMetaJson.partial().shape }) }))
    .min(1),
  loop: z.number().int().nonnegative().optional(),
});

/** What `replay` needs of a saved trace, from a JSON report or an ITF file. */
export type ReplayInput = Pick<CheckReport, 'model' | 'modelFile' | 'variant' | 'params' | 'verdict' | 'property'> & { readonly trace?: Trace };

/**
 * Reads back an ITF trace written by `toItf` (validated by `ItfTraceJson` first): the values
 * decoded (`#bigint` to numbers, the empty tuple to null), each step's action from its state's
 * `#meta`, and a lasso's closing step from the last state's `#meta.next`. Throws a UsageError
 * naming the state and field that are wrong.
 */
export function fromItf(itf: z.output<typeof ItfTraceJson>): ReplayInput {
  const meta = itf['#meta'];
  const decoded = itf.states.map((state, i) => {
    const { '#meta': _, ...fields } = state;
    const missing = itf.vars.find((v) => !(v in fields));
    if (missing !== undefined) throw new UsageError(`states[${i}] has no value for variable "${missing}" (ITF needs every variable in every state)`);
    return fromItfValue(fields, `states[${i}]`);
  });
  const steps: TraceStep[] = itf.states.slice(1).map((state, i) => {
    const { action, description, arg, actor } = state['#meta'];
    if (action === undefined || description === undefined) {
      throw new UsageError(`states[${i + 1}].#meta has no action or description: replay needs each step's, as interleave check --itf writes them`);
    }
    return { action, description, ...(arg === undefined ? {} : { arg }), ...(actor === undefined ? {} : { actor }), state: decoded[i + 1] };
  });
  const next = itf.states.at(-1)!['#meta'].next;
  if (next !== undefined) {
    if (itf.loop === undefined || itf.loop >= decoded.length) throw new UsageError('the last state\'s #meta.next closes a loop, but the trace\'s loop is missing or past the last state');
    steps.push({ ...next, state: decoded[itf.loop] });
  }
  if (itf.loop !== undefined && next === undefined && itf.loop !== steps.length) {
    throw new UsageError(`loop ${itf.loop} goes back to an earlier state, but the last state's #meta has no next step to take it there`);
  }
  const trace: Trace = { initial: decoded[0], steps, ...(itf.loop === undefined ? {} : { loop: itf.loop }) };
  return {
    model: meta.model,
    ...(meta.modelFile === undefined ? {} : { modelFile: meta.modelFile }),
    variant: meta.variant,
    params: meta.params,
    verdict: meta.verdict,
    ...(meta.property === undefined ? {} : { property: meta.property }),
    trace,
  };
}

/** Decodes an ITF value as `toItfValue` writes it; `where` names it in an error ("states[2].turn"). */
export function fromItfValue(value: unknown, where: string): unknown {
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new UsageError(`${where} is ${value}: ITF numbers are integers`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => fromItfValue(v, `${where}[${i}]`));
  if (typeof value !== 'object' || value === null) throw new UsageError(`${where} is null: ITF has no null (interleave writes it as the empty tuple {"#tup": []})`);
  const record = value as Record<string, unknown>;
  if ('#bigint' in record) {
    const n = Number(record['#bigint']);
    if (typeof record['#bigint'] !== 'string' || !/^-?\d+$/.test(record['#bigint']) || !Number.isSafeInteger(n)) {
      throw new UsageError(`${where} is ${JSON.stringify(value)}: a #bigint must be a string of digits within ±2^53`);
    }
    return n;
  }
  if ('#tup' in record && Array.isArray(record['#tup']) && record['#tup'].length === 0) return null;
  const special = Object.keys(record).find((k) => k.startsWith('#'));
  if (special !== undefined) {
    throw new UsageError(`${where} is a ${special} value, which interleave never writes: replay reads ITF traces written by interleave check --itf`);
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fromItfValue(v, `${where}.${k}`)]));
}
