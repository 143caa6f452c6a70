import { formatArg } from '../../instance.js';
import { changedFields, type FieldChange } from '../../trace/diff.js';
import type { Trace } from '../../trace/trace.js';
import type { CheckReport } from '../json.js';
import { defaultLane, orderLanes } from './lanes.js';

/**
 * A trace as a diagram draws it. A lasso (a counterexample to a liveness property) also says
 * where its loop starts: `loop` is the index in `steps` of the loop's first step, and the
 * steps from there to the end repeat forever; `loop` equal to the number of steps means the
 * behaviour stays in the last state forever.
 */
export type DiagramTrace = Trace & { readonly loop?: number };

/** One step of a sequence diagram: who acted, in which lane, what they did and what changed. */
export interface DiagramStep {
  /** The step's number, from 1. */
  readonly number: number;
  /** The index of its lane in `Diagram.lanes`. */
  readonly lane: number;
  /** The action instance, as `enter(0)`. */
  readonly label: string;
  /** The action's own sentence for this step. */
  readonly description: string;
  /** The fields the step changed, before and after. */
  readonly changes: readonly FieldChange[];
  /** The full state after the step. */
  readonly state: unknown;
  /** Whether the step is part of a lasso's loop. */
  readonly inLoop: boolean;
}

/** What the diagram marks at its end: the property violated in the last state, a deadlock, a model error. */
export interface DiagramEnding {
  /** What kind of ending it is. */
  readonly kind: 'violated' | 'deadlock' | 'error';
  /** Its title: "Violated: mutual exclusion", "Deadlock", "Model error". */
  readonly title: string;
  /** Why, in the model's words. */
  readonly explanation: string;
}

/** A sequence diagram: one lane per actor, one row per step, and the endings marked after the last. */
export interface Diagram {
  /** The lanes' names, left to right. */
  readonly lanes: readonly string[];
  /** The initial state. */
  readonly initial: unknown;
  /** The steps, in order. */
  readonly steps: readonly DiagramStep[];
  /** Where a lasso's loop starts (an index in `steps`, or their number when the last state repeats), if the trace is one. */
  readonly loop?: number;
  /** What went wrong in the last state. */
  readonly endings: readonly DiagramEnding[];
}

/**
 * Lays a trace out as a sequence diagram. Steps whose action names no actor go to the lane
 * `fallbackLane` (the model's name, or "system").
 */
export function buildDiagram(trace: DiagramTrace, endings: readonly DiagramEnding[] = [], fallbackLane = defaultLane): Diagram {
  const actorOf = (step: Trace['steps'][number]): string => step.actor ?? fallbackLane;
  const lanes = orderLanes(trace.steps.map(actorOf));
  const loop = typeof trace.loop === 'number' && trace.loop >= 0 && trace.loop <= trace.steps.length ? trace.loop : undefined;
  let before = trace.initial;
  const steps = trace.steps.map((step, i): DiagramStep => {
    const changes = changedFields(before, step.state);
    before = step.state;
    return {
      number: i + 1,
      lane: lanes.indexOf(actorOf(step)),
      label: step.arg === undefined ? step.action : `${step.action}(${formatArg(step.arg)})`,
      description: step.description,
      changes,
      state: step.state,
      inLoop: loop !== undefined && i >= loop,
    };
  });
  return { lanes, initial: trace.initial, steps, ...(loop === undefined ? {} : { loop }), endings };
}

/** The mark before the first step of a lasso's loop. */
export function loopStart(diagram: Diagram): string {
  return `↻ the loop: steps ${(diagram.loop ?? 0) + 1} to ${diagram.steps.length} repeat forever`;
}

/** The mark after the last step of a lasso: back to the loop's start, or staying put. */
export function loopEnd(diagram: Diagram): string {
  return diagram.loop === diagram.steps.length
    ? '↻ nothing more happens: the behaviour stays in this state forever'
    : `↻ back to step ${(diagram.loop ?? 0) + 1}, and again, forever`;
}

/** What a check report marks at the end of its trace: the violation, deadlock or model error. */
export function endingsOf(report: CheckReport): DiagramEnding[] {
  const kinds = { violates: 'violated', deadlocks: 'deadlock', error: 'error' } as const;
  if (!isFailure(report)) return [];
  return [{ kind: kinds[report.verdict as keyof typeof kinds], title: reportTitle(report), explanation: report.explanation ?? '' }];
}

/** The sequence diagram of a check report's trace (undefined when the report has none). */
export function diagramOfReport(report: CheckReport): Diagram | undefined {
  return report.trace ? buildDiagram(report.trace, endingsOf(report), report.model) : undefined;
}

/** The title of a check report, in a few words: "Violated: mutual exclusion", "Deadlock". */
export function reportTitle(report: CheckReport): string {
  switch (report.verdict) {
    case 'violates':
      return `Violated: ${report.property ?? 'a property'}`;
    case 'deadlocks':
      return 'Deadlock';
    case 'error':
      return 'Model error';
    case 'holds':
      return 'All properties hold';
    case 'incomplete':
      // The explorer's reports are paths, with verdict incomplete; a check's has no trace.
      return report.trace ? 'A path through the model' : 'Incomplete: not a pass';
  }
}

/** Whether a report's verdict says something went wrong: a violation, a deadlock, a model error. */
export function isFailure(report: CheckReport): boolean {
  return report.verdict === 'violates' || report.verdict === 'deadlocks' || report.verdict === 'error';
}
