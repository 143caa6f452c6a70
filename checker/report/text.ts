import pc from 'picocolors';
import type { CheckResult, Outcome } from '../result.js';
import { actorSwitches, type Trace } from '../trace/trace.js';
import { changedFields, type FieldChange } from '../trace/diff.js';
import { formatCount, formatSeconds, formatValue } from './format.js';
import { describeFound, renderCoverage, renderOrigin, renderSimulationStats } from './simulation.js';
import { renderCoverageTable, renderCoverageWarnings } from './coverage.js';

/** How to render text. */
export interface TextOptions {
  /** Use colour (default: no). */
  readonly color?: boolean;
  /** Show every field of every state, not only the fields that changed. */
  readonly full?: boolean;
  /** Print the coverage table: for each action, the states that enabled it and the new states it made. */
  readonly coverage?: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

/**
 * Renders a trace: the initial state in full, then one numbered step per action, each with
 * the action's sentence, its actor, and the fields it changed (before -> after). A lasso says
 * where its loop starts: "from here the steps repeat forever", with the loop's index as the
 * JSON report and the ITF trace give it (the state where the loop starts: 0 the initial state,
 * k the state after step k).
 */
export function renderTrace(trace: Trace, options: TextOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const lines: string[] = [c.bold('Initial state'), ...topLevelFields(trace.initial).map((l) => `    ${l}`)];
  let before = trace.initial;
  trace.steps.forEach((step, i) => {
    if (i === trace.loop) lines.push('', c.yellow(c.bold(`From here the steps repeat forever (loop ${i}: ${stateName(i)}, where step ${trace.steps.length} leads back):`)));
    const actor = step.actor ? c.dim(`  [${step.actor}]`) : '';
    lines.push('', `${c.bold(`Step ${i + 1}`)}  ${step.description}${actor}`);
    if (options.full) {
      lines.push(...topLevelFields(step.state).map((l) => `    ${l}`));
    } else {
      const changes = changedFields(before, step.state);
      lines.push(...(changes.length ? changes.map((ch) => `    ${renderChange(ch, c)}`) : [c.dim('    (no field changed)')]));
    }
    before = step.state;
  });
  if (trace.loop === trace.steps.length) {
    lines.push('', c.yellow(c.bold(`From here nothing changes forever (loop ${trace.loop}): the state is final and no action is enabled.`)));
  }
  return lines.join('\n');
}

/** State k of a trace, in words. */
function stateName(k: number): string {
  return k === 0 ? 'the initial state' : `the state after step ${k}`;
}

function topLevelFields(state: unknown): string[] {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return [formatValue(state)];
  return Object.entries(state).map(([k, v]) => `${k} = ${formatValue(v)}`);
}

function renderChange(change: FieldChange, c: Colors): string {
  return `${change.path}: ${c.red(formatValue(change.before))} -> ${c.green(formatValue(change.after))}`;
}

/** What a search with fingerprints guarantees for this outcome, and how likely a collision was. */
function renderFingerprintNote(result: CheckResult, collisionProbability: number): string {
  const p = collisionProbability === 0 ? '0' : collisionProbability.toExponential(1);
  const chance = `estimated probability that two distinct states collided: ${p}`;
  const o = result.outcome;
  if (o.verdict === 'holds' || (o.verdict === 'violates' && !o.trace)) {
    return `fingerprint mode: states were told apart by 64-bit fingerprints, so the search is exhaustive only up to fingerprint collisions (${chance})`;
  }
  if ('trace' in o && o.trace) {
    return `fingerprint mode: the trace was rebuilt by firing the model's own actions, so it is real; it is a shortest one unless fingerprints collided (${chance})`;
  }
  return `fingerprint mode: states were told apart by 64-bit fingerprints (${chance})`;
}

/** The statistics line: "27 distinct states, 45 transitions, depth 8, 0.01 s". */
export function renderStats(result: CheckResult): string {
  const { states, transitions, depth, seconds } = result.stats;
  return `${plural(states, 'distinct state')}, ${plural(transitions, 'transition')}, depth ${depth}, ${formatSeconds(seconds)}`;
}

function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** What symmetry reduction did: which ids were interchangeable, and what a state count then means. */
export function renderSymmetryNote(symmetry: NonNullable<CheckResult['symmetry']>): string {
  const sets = symmetry.sets.map((s) => `${s.size} interchangeable ${s.name} ids`).join(', ');
  const form =
    symmetry.form === 'exact'
      ? 'exact form: one state per orbit'
      : 'fast form: an orbit may have several representatives';
  return `symmetry-reduced (${sets}; ${form}); the states counted are representatives, the trace is a real execution (--no-symmetry explores every state)`;
}

/** The headline of an outcome, in one sentence. */
export function renderHeadline(result: CheckResult, c: Colors = pc.createColors(false)): string {
  const o: Outcome = result.outcome;
  const name = `${result.model} (variant ${result.variant})`;
  const found = result.simulation?.found;
  const how = (trace: Trace): string => (found ? describeFound(found) : shortest(trace));
  switch (o.verdict) {
    case 'holds':
      return `${c.green('all properties hold')} for ${name} (${plural(result.stats.states, 'distinct state')}, ${plural(result.stats.transitions, 'transition')}, ${result.fingerprint ? 'exhaustive up to fingerprint collisions' : 'exhaustive'})`;
    case 'violates':
      if (!o.trace) return `${c.red(`violated: "${o.property}"`)} in ${name}: ${o.explanation}`;
      if (o.trace.loop !== undefined) return `${c.red(`violated: "${o.property}"`)} in ${name}, ${describeLasso(o.trace.steps.length, o.trace.loop)}`;
      return `${c.red(`violated: "${o.property}"`)} in ${name}, after ${o.trace.steps.length} steps (${how(o.trace)})`;
    case 'deadlocks':
      return `${c.red('deadlock')} in ${name}, after ${o.trace.steps.length} steps (${how(o.trace)})`;
    case 'incomplete':
      return `${c.yellow('incomplete')}: ${name} was not explored exhaustively: ${o.explanation}. This is not a pass.`;
    case 'error':
      return o.trace
        ? `${c.red('model error')} in ${name}, in the state reached after ${o.trace.steps.length} steps`
        : `${c.red('model error')} in ${name}: ${o.explanation}`;
  }
}

function shortest(trace: Trace): string {
  const switches = actorSwitches(trace);
  return `a shortest trace, ${switches} switch${switches === 1 ? '' : 'es'} between actors`;
}

function describeLasso(steps: number, loop: number): string {
  if (loop === steps) return `by a behaviour that ends after ${plural(steps, 'step')} in a final state and stays there (a shortest prefix)`;
  return `by a behaviour of ${plural(loop, 'step')} then a loop of ${plural(steps - loop, 'step')} repeated forever (a shortest prefix)`;
}

/** A trace's notes (a describe function that threw, say), each on a `note:` line after a blank one. */
function notesOf(trace: Trace, c: Colors): string[] {
  return trace.notes?.length ? ['', ...trace.notes.map((n) => c.yellow(`note: ${n}`))] : [];
}

/** The full text report of one check: headline, trace, what failed and why, statistics. */
export function renderResult(result: CheckResult, options: TextOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const o = result.outcome;
  const parts = [renderHeadline(result, c)];
  if ((o.verdict === 'violates' || o.verdict === 'deadlocks' || o.verdict === 'error') && o.trace) {
    parts.push('', renderTrace(o.trace, options), '');
    if (o.verdict === 'violates') parts.push(`${c.red(c.bold(`Violated: ${o.property}`))}`, `    ${o.explanation}`);
    if (o.verdict === 'deadlocks') parts.push(c.red(c.bold('Deadlock')), `    ${o.explanation}`);
    if (o.verdict === 'error') parts.push(c.red(c.bold('Model error')), `    ${o.explanation}`);
    parts.push(...notesOf(o.trace, c));
  }
  const simulation = result.simulation;
  if (simulation?.found) parts.push('', renderOrigin(simulation, simulation.found));
  for (const other of simulation?.others ?? []) {
    const what = other.verdict === 'violates' ? `Also violated: ${other.property}` : other.verdict === 'deadlocks' ? 'Also a deadlock' : 'Also a model error';
    const steps = other.trace.steps.length;
    parts.push('', c.bold(`${what}, after ${steps} step${steps === 1 ? '' : 's'} (${describeFound(other.found)}):`), '', renderTrace(other.trace, options), '', `    ${other.explanation}`);
    parts.push('', renderOrigin(simulation!, other.found));
  }
  if (simulation && o.verdict === 'incomplete') parts.push('', ...renderCoverage(simulation, c));
  if (o.verdict === 'holds' && result.reached?.length) {
    parts.push('', ...result.reached.map((r) => `reached "${r.property}" in ${r.steps} step${r.steps === 1 ? '' : 's'}`));
  }
  if (result.witness) {
    const { property, trace } = result.witness;
    const steps = trace.steps.length;
    parts.push('', c.bold(`A shortest trace to a state where "${property}" holds (${steps} step${steps === 1 ? '' : 's'}):`), '');
    parts.push(renderTrace(trace, options), ...notesOf(trace, c));
  }
  if (result.coverage && options.coverage) parts.push('', ...renderCoverageTable(result.coverage, result.symmetry !== undefined, c));
  if (result.warnings?.length) parts.push('', ...result.warnings.map((w) => c.yellow(`warning: ${w}`)));
  const coverageWarnings = result.coverage ? renderCoverageWarnings(result.coverage, c) : [];
  if (coverageWarnings.length > 0) parts.push('', ...coverageWarnings);
  if (result.fingerprint) parts.push('', c.yellow(renderFingerprintNote(result, result.fingerprint.collisionProbability)));
  if (result.symmetry) parts.push('', renderSymmetryNote(result.symmetry));
  parts.push('', c.dim(simulation ? renderSimulationStats(simulation, result.stats) : renderStats(result)));
  return parts.join('\n');
}
