import type { CheckResult } from '../result.js';
import type { Trace } from '../trace/trace.js';

/** A value in the Informal Trace Format (Apalache ADR-015). */
export type ItfValue =
  | boolean
  | string
  | ItfValue[]
  | { [key: string]: ItfValue }
  | { '#bigint': string }
  | { '#unserializable': string };

/**
 * A trace in the Informal Trace Format (ITF) of Apalache ADR-015, as Quint writes it:
 * `vars` lists the state variables (the state object's top-level fields), `states` holds one
 * record per state. Integers become `{"#bigint": "n"}`, arrays become lists, objects records;
 * each state's `#meta` carries its index and the action that led to it. A lasso gets ITF's
 * `loop`: `states[loop ..]` repeat forever. Our trace's last state is the state before the
 * loop's first step, so the repeated part starts at the state after that step; a final state
 * that stutters repeats alone.
 */
export function toItf(result: CheckResult, trace: Trace): Record<string, unknown> {
  const states = [trace.initial, ...trace.steps.map((s) => s.state)];
  const vars = Object.keys(trace.initial as object);
  return {
    '#meta': {
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      source: `interleave: ${result.model}, variant ${result.variant}`,
      description: result.outcome.verdict === 'violates' ? `violates ${result.outcome.property}` : result.outcome.verdict,
      params: result.params,
    },
    vars,
    states: states.map((state, index) => {
      const step = index === 0 ? undefined : trace.steps[index - 1];
      const meta = step ? { index, action: step.action, ...(step.arg === undefined ? {} : { arg: step.arg }), description: step.description } : { index };
      return { '#meta': meta, ...(toItfValue(state) as Record<string, ItfValue>) };
    }),
    ...(trace.loop === undefined ? {} : { loop: Math.min(trace.loop + 1, trace.steps.length) }),
  };
}

/** Converts one state value to its ITF form. */
export function toItfValue(value: unknown): ItfValue {
  if (typeof value === 'number') return { '#bigint': String(value) };
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  // ITF has no null; the ADR's escape hatch for values it cannot express is #unserializable.
  if (value === null) return { '#unserializable': 'null' };
  if (Array.isArray(value)) return value.map(toItfValue);
  return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toItfValue(v)]));
}
