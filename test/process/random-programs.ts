import fc from 'fast-check';
import { z } from 'zod';
import { always, defineModel, defineProcess, holds, range, system, type Model } from '../../spec/index.js';

/**
 * Random process programs for the property test, and two ways to turn one into a model: as a
 * process (`defineProcess`), and hand-compiled into plain actions the way a person writes a
 * thread without processes (a program-counter enum, one guarded action per step). Shared
 * variables x and y and the local r hold 0 to 2.
 */

/** A value: a constant, a variable, the process's id, or a variable plus one (mod 3). */
export type Expr = { readonly const: number } | { readonly read: Variable } | { readonly self: true } | { readonly inc: Variable };
/** The shared variables and the local. */
export type Variable = 'x' | 'y' | 'r';
/** A comparison of two values. */
export interface Cond {
  readonly a: Expr;
  readonly op: '<' | '===' | '!==';
  readonly b: Expr;
}
/** An assignment, or a conditional goto (to a label index, or the end). */
export type Statement = { readonly assign: Variable; readonly value: Expr } | { readonly gotoWhen: Cond; readonly to: number | 'done' };
/** One step: its await, its statements (an atomic sequence), where it goes (a label index, the end, or on to the next label). */
export interface StepDef {
  readonly await?: Cond;
  readonly statements: readonly Statement[];
  readonly next?: number | 'done';
}
/** One label: one step, or a choice of steps; maybe an end label. */
export interface LabelDef {
  readonly steps: readonly StepDef[];
  readonly choice: boolean;
  readonly end: boolean;
}
/** A whole program: the labels of process p, how many instances run it, whether a plain action runs beside it. */
export interface Program {
  readonly ids: number;
  readonly labels: readonly LabelDef[];
  readonly mixed: boolean;
  readonly bad: { readonly x: number; readonly y: number };
}

const value = fc.integer({ min: 0, max: 2 });
const variable = fc.constantFrom<Variable>('x', 'y', 'r');
const expr: fc.Arbitrary<Expr> = fc.oneof(
  value.map((v) => ({ const: v })),
  variable.map((v) => ({ read: v })),
  fc.constant({ self: true as const }),
  variable.map((v) => ({ inc: v })),
);
const cond: fc.Arbitrary<Cond> = fc.record({ a: expr, op: fc.constantFrom('<' as const, '===' as const, '!==' as const), b: expr });

/** Programs of 1 to 5 labels, run by 1 or 2 instances. */
export const programs: fc.Arbitrary<Program> = fc.integer({ min: 1, max: 5 }).chain((n) => {
  const target = fc.oneof(fc.integer({ min: 0, max: n - 1 }), fc.constant('done' as const));
  const statement: fc.Arbitrary<Statement> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ assign: variable, value: expr }) },
    { weight: 1, arbitrary: fc.record({ gotoWhen: cond, to: target }) },
  );
  const step: fc.Arbitrary<StepDef> = fc.record(
    { await: cond, statements: fc.array(statement, { maxLength: 2 }), next: target },
    { requiredKeys: ['statements'] },
  );
  const label: fc.Arbitrary<LabelDef> = fc.boolean().chain((choice) =>
    fc.record({ steps: fc.array(step, { minLength: choice ? 1 : 1, maxLength: choice ? 2 : 1 }), choice: fc.constant(choice), end: fc.boolean() }),
  );
  return fc.record({
    ids: fc.integer({ min: 1, max: 2 }),
    labels: fc.array(label, { minLength: n, maxLength: n }),
    mixed: fc.boolean(),
    bad: fc.record({ x: value, y: value }),
  });
});

/** Where a program's variables live, as each form reaches them. */
interface Env {
  readonly self: number;
  get(v: Variable): number;
  set(v: Variable, value: number): void;
}

const evaluate = (e: Expr, env: Env): number =>
  'const' in e ? e.const : 'read' in e ? env.get(e.read) : 'self' in e ? env.self : (env.get(e.inc) + 1) % 3;

const test = (c: Cond, env: Env): boolean => {
  const a = evaluate(c.a, env);
  const b = evaluate(c.b, env);
  return c.op === '<' ? a < b : c.op === '===' ? a === b : a !== b;
};

/** Runs one statement; returns the label (name) a goto jumps to, if it jumps. */
const execute = (st: Statement, env: Env): string | undefined => {
  if ('assign' in st) {
    env.set(st.assign, evaluate(st.value, env));
    return undefined;
  }
  return test(st.gotoWhen, env) ? labelName(st.to) : undefined;
};

const labelName = (to: number | 'done') => (to === 'done' ? 'done' : `L${to}`);
const Value = z.number().int().min(0).max(2);
const Shared = z.object({ x: Value, y: Value });
type Shared = z.infer<typeof Shared>;

/** The plain action that runs beside the process in a mixed program. */
const tick = {
  guard: (s: { x: number; y: number }) => s.x < 2 && s.y === 0,
  effect: (s: { x: number; y: number }) => {
    s.x += 1;
  },
  describe: () => 'the clock ticks',
};

function modelNamed(name: string, build: () => ReturnType<typeof system>): Model {
  return defineModel({
    name,
    summary: 'a random process program',
    variants: { only: { summary: 'the program', source: 'fast-check', expect: holds() } },
    build,
  });
}

/** The program written with `defineProcess`. */
export function asProcess(program: Program): Model {
  return modelNamed('random-process', () => {
    const stepOf = (def: StepDef) => ({
      ...(def.await ? { await: (s: Readonly<Shared>, self: number, my: { readonly r: number }) => test(def.await!, sharedEnv(s as Shared, self, my as { r: number })) } : {}),
      effect: def.statements.map((st) => (s: Shared, self: number, my: { r: number }) => execute(st, sharedEnv(s, self, my)) as never),
      ...(def.next !== undefined ? { next: labelName(def.next) as never } : {}),
    });
    const p = defineProcess(Shared, {
      over: range(program.ids),
      locals: z.object({ r: Value }),
      init: { r: 0 },
      labels: Object.fromEntries(
        program.labels.map((l, i) => [
          `L${i}`,
          l.choice ? { end: l.end, either: Object.fromEntries(l.steps.map((def, a) => [`a${a}`, stepOf(def)])) } : { end: l.end, ...stepOf(l.steps[0]) },
        ]),
      ),
    });
    return system(Shared, { p }, {
      init: { x: 0, y: 0 },
      actions: program.mixed ? { tick } : undefined,
      properties: { 'not bad': always((s) => !(s.x === program.bad.x && s.y === program.bad.y)) },
      ...(program.mixed ? { final: (s) => s.x === 2 } : {}),
    });
  });
}

/** The program hand-compiled into actions: a pc per instance and one guarded action per step. */
export function asActions(program: Program): Model {
  return modelNamed('random-actions', () => {
    const names = program.labels.map((_, i) => `L${i}`);
    const Pc = z.enum([...names, 'done']);
    const State = Shared.extend({ p: z.object({ pc: z.array(Pc).length(program.ids), r: z.array(Value).length(program.ids) }) });
    type State = z.infer<typeof State>;
    const env = (s: State, self: number): Env => ({
      self,
      get: (v) => (v === 'r' ? s.p.r[self] : s[v]),
      set: (v, value) => {
        if (v === 'r') s.p.r[self] = value;
        else s[v] = value;
      },
    });
    const ends = new Set(['done', ...names.filter((_, i) => program.labels[i].end)]);
    const actions = Object.fromEntries(
      program.labels.flatMap((l, i) =>
        l.steps.map((def, a) => [
          l.choice ? `p@L${i}/a${a}` : `p@L${i}`,
          {
            over: range(program.ids),
            guard: (s: State, self: number) => s.p.pc[self] === `L${i}` && (def.await === undefined || test(def.await, env(s, self))),
            effect: (s: State, self: number) => {
              let to: string | undefined;
              for (const st of def.statements) {
                to = execute(st, env(s, self));
                if (to !== undefined) break;
              }
              s.p.pc[self] = to ?? (def.next !== undefined ? labelName(def.next) : (names[i + 1] ?? 'done'));
            },
            actor: (self: number) => `p ${self}`, // as the process form names who acts
            describe: () => `a step at L${i}`,
          },
        ]),
      ),
    );
    return system(State, {
      init: { x: 0, y: 0, p: { pc: range(program.ids).map(() => 'L0'), r: range(program.ids).map(() => 0) } },
      actions: { ...actions, ...(program.mixed ? { tick } : {}) },
      properties: { 'not bad': always((s) => !(s.x === program.bad.x && s.y === program.bad.y)) },
      final: (s) => s.p.pc.every((pc) => ends.has(pc)) && (!program.mixed || s.x === 2),
    });
  });
}

/** The variables as a process's code reaches them: shared ones in the state, r in its locals. */
function sharedEnv(s: Shared, self: number, my: { r: number }): Env {
  return {
    self,
    get: (v) => (v === 'r' ? my.r : s[v]),
    set: (v, value) => {
      if (v === 'r') my.r = value;
      else s[v] = value;
    },
  };
}
