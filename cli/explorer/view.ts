import { messageOf } from '../../checker/errors.js';
import type { Instance } from '../../checker/instance.js';
import type { CheckReport } from '../../checker/report/json.js';
import { buildDiagram, type DiagramEnding } from '../../checker/report/diagram/diagram.js';
import { changeHtml, renderDiagramHtml } from '../../checker/report/diagram/html.js';
import { laneColor, orderLanes } from '../../checker/report/diagram/lanes.js';
import { renderState } from '../../checker/report/diagram/state.js';
import { changedFields } from '../../checker/trace/diff.js';
import { traceStep } from '../../checker/trace/trace.js';
import { fire, isEnabled, stateKey, walk, type ExplorePath, type Walk } from './path.js';
import { pathReport } from './report.js';
import { propertyStatuses, stateVerdict, type PropertyStatus, type StateVerdict } from './status.js';

/** How to build a view. */
export interface ViewOptions {
  /** The model file, when the model is not bundled: the JSON report names it for replay. */
  readonly modelFile?: string;
  /** Whether a state where nothing is enabled and that is not final is a deadlock (default true). */
  readonly deadlock?: boolean;
}

/** One enabled action instance in the current state, told in the model's words. */
export interface Choice {
  /** Its index among the instance's actions: what a path lists. */
  readonly index: number;
  /** The action instance, as `enter(0)`. */
  readonly label: string;
  /** Who would act, and the colour of their lane. */
  readonly actor: string;
  readonly color: string;
  /** The action's sentence for the step it would take (empty when its effect fails). */
  readonly description: string;
  /** The fields it would change, as HTML (escaped). */
  readonly changesHtml: string;
  /** What the state it leads to is, when it is more than another state: a violation, a deadlock, a legitimate end. */
  readonly leadsTo?: { readonly kind: 'violated' | 'deadlock' | 'final'; readonly text: string };
  /** The step after which the path was already in the state it leads to (0: the initial state). */
  readonly revisits?: number;
  /** What went wrong when firing it, in the model's code. */
  readonly error?: string;
}

/** Everything the explorer's page shows for one path. */
export interface PathView {
  /** The path. */
  readonly path: ExplorePath;
  /** The path as a sequence diagram, in HTML (escaped). */
  readonly diagramHtml: string;
  /** The current state, in HTML, the last step's changes highlighted. */
  readonly stateHtml: string;
  /** How the current state stands, with a title and the model's explanation. */
  readonly verdict: { readonly kind: StateVerdict['kind']; readonly title: string; readonly explanation: string };
  /** Each property's status in the current state. */
  readonly properties: readonly PropertyStatus[];
  /** The enabled action instances. */
  readonly choices: readonly Choice[];
  /** The labels of the action instances not enabled. */
  readonly disabled: readonly string[];
  /** The path as a replayable JSON report. */
  readonly report: CheckReport;
}

/** Builds the view of a path: walks it, judges its last state and lists what may happen next. */
export function viewOf(instance: Instance, path: ExplorePath, options: ViewOptions = {}): PathView {
  const walked = walk(instance, path);
  const { states, trace } = walked;
  const state = states[states.length - 1];
  const enabled = instance.actions.filter((a) => isEnabled(a, state));
  const deadlock = options.deadlock ?? true;
  const verdict = stateVerdict(instance, state, enabled.length, deadlock);
  const properties = propertyStatuses(instance, states, enabled.length);
  const endings: DiagramEnding[] = properties
    .filter((p) => p.status === 'violated')
    .map((p) => ({ kind: 'violated', title: `Violated: ${p.name}`, explanation: p.note }));
  if (verdict.kind === 'deadlock') endings.push({ kind: 'deadlock', title: 'Deadlock', explanation: verdict.explanation });
  const diagram = buildDiagram(trace, endings, instance.model.name);
  return {
    path,
    diagramHtml: renderDiagramHtml(diagram, { initialOpen: false }),
    stateHtml: renderState(state, states.length > 1 ? states[states.length - 2] : undefined),
    verdict: verdictWords(verdict, trace.steps.length),
    properties,
    choices: enabled.map((a) => choiceOf(instance, walked, a.index, verdict, deadlock)),
    disabled: instance.actions.filter((a) => !enabled.includes(a)).map((a) => a.label),
    report: pathReport(instance, walked, verdict, options.modelFile),
  };
}

function verdictWords(verdict: StateVerdict, steps: number): PathView['verdict'] {
  switch (verdict.kind) {
    case 'violated':
      return { kind: verdict.kind, title: `Violated: ${verdict.property.name}`, explanation: verdict.explanation };
    case 'deadlock':
      return { kind: verdict.kind, title: 'Deadlock', explanation: verdict.explanation };
    case 'final':
      return { kind: verdict.kind, title: 'A legitimate end', explanation: verdict.explanation };
    case 'running':
      return { kind: verdict.kind, title: steps === 0 ? 'The initial state' : `After step ${steps}`, explanation: 'no invariant is violated here' };
  }
}

/**
 * One enabled action instance: the step it would take and where it leads. A violation is
 * announced only when the property is not already violated in the current state.
 */
function choiceOf(instance: Instance, walked: Walk, index: number, current: StateVerdict, deadlock: boolean): Choice {
  const { states, trace } = walked;
  const action = instance.actions[index];
  const before = states[states.length - 1];
  const lanes = orderLanes(trace.steps.map((s) => s.actor ?? instance.model.name));
  const base = { index, label: action.label, actor: instance.model.name, color: laneColor(lanes.length), description: '', changesHtml: '' };
  try {
    const after = fire(instance, action, before);
    const step = traceStep(instance, index, before, after);
    const actor = step.actor ?? instance.model.name;
    const laneOrder = orderLanes([...lanes, actor]);
    const next = instance.actions.filter((a) => isEnabled(a, after)).length;
    const verdict = stateVerdict(instance, after, next, deadlock);
    const key = stateKey(instance, after);
    const revisits = states.findIndex((s) => stateKey(instance, s) === key);
    return {
      ...base,
      actor,
      color: laneColor(laneOrder.indexOf(actor)),
      description: step.description,
      changesHtml: changedFields(before, after).map((c) => `<li>${changeHtml(c)}</li>`).join(''),
      ...(verdict.kind === 'running' || sameViolation(verdict, current) ? {} : { leadsTo: leadsTo(verdict) }),
      ...(revisits >= 0 ? { revisits } : {}),
    };
  } catch (error) {
    return { ...base, error: messageOf(error) };
  }
}

function sameViolation(next: StateVerdict, current: StateVerdict): boolean {
  return next.kind === 'violated' && current.kind === 'violated' && next.property.name === current.property.name;
}

function leadsTo(verdict: Exclude<StateVerdict, { kind: 'running' }>): NonNullable<Choice['leadsTo']> {
  switch (verdict.kind) {
    case 'violated':
      return { kind: 'violated', text: `violates ${verdict.property.name}` };
    case 'deadlock':
      return { kind: 'deadlock', text: 'deadlocks' };
    case 'final':
      return { kind: 'final', text: 'ends (nothing is enabled there)' };
  }
}
