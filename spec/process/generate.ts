import type { LocalsView } from './layout.js';
import { viewing } from './layout.js';

/** What a step's generated guard and effect call: the model's own functions and the step's constants. */
export interface StepParts {
  /** The process's state field. */
  readonly field: string;
  /** Whether the process has ids (its pc and locals are arrays indexed by id). */
  readonly indexed: boolean;
  /** The step's label. */
  readonly at: string;
  /** Where control goes when no statement returns a label. */
  readonly next: string;
  /** The step's `await`, if any. */
  readonly holds?: (...args: never[]) => unknown;
  /** The step's statements, in order. */
  readonly statements: readonly ((...args: never[]) => unknown)[];
  /** The locals views by id (by 0 for a single process); none when the process has no locals. */
  readonly views?: readonly LocalsView[];
  /** Checks a label a statement returned, and returns it. */
  readonly target: (to: unknown) => string;
}

/** What the code of a process without locals gets as its locals. */
const NO_LOCALS = Object.freeze({});

/**
 * The guard and effect of a step, generated as JavaScript with the process's field and label
 * written in, as checker/search/dispatch.ts generates its call sites: closures made from one
 * function literal share V8's type feedback, so the model's `await` and statements would be
 * called from one megamorphic site for every step, and a process would cost the search
 * more than the same actions written by hand.
 */
export function generateStep(parts: StepParts): { guard: (s: unknown, self: unknown) => boolean; effect: (s: unknown, self: unknown) => void } {
  const field = `s[${JSON.stringify(parts.field)}]`;
  const pc = parts.indexed ? `${field}.pc[self]` : `${field}.pc`;
  const locals = parts.views === undefined ? 'NO_LOCALS' : `viewing(views[${parts.indexed ? 'self' : '0'}], s)`;
  const at = JSON.stringify(parts.at);
  const guard = parts.holds === undefined ? `return ${pc} === ${at};` : `return ${pc} === ${at} && holds(s, self, ${locals});`;
  const run = parts.statements.map((_, i) => (i === 0 ? `let to = st0(s, self, locals);` : `if (to === undefined) to = st${i}(s, self, locals);`));
  const effect = [
    ...(parts.statements.length > 0 ? [`const locals = ${locals};`, ...run] : ['const to = undefined;']),
    `${pc} = to === undefined ? ${JSON.stringify(parts.next)} : target(to);`,
  ];
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the process's own labels, quoted
  const make = new Function(
    'holds',
    'views',
    'target',
    'viewing',
    'NO_LOCALS',
    ...parts.statements.map((_, i) => `st${i}`),
    `return [function guard(s, self) {\n${guard}\n}, function effect(s, self) {\n${effect.join('\n')}\n}];`,
  );
  const [g, e] = make(parts.holds, parts.views, parts.target, viewing, NO_LOCALS, ...parts.statements) as [never, never];
  return { guard: g, effect: e };
}
