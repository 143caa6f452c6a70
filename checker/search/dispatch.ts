import { truthOf } from './purity.js';

/**
 * Generated dispatch for the action instances of one model: one call site per instance, so
 * that V8 sees each guard and effect called from a site of its own (monomorphic, and small
 * enough to inline) rather than every closure from one site in a loop (megamorphic). Above
 * this many instances the generated code would outgrow its gain, and plain loops are used.
 */
const MAX_GENERATED = 1024;

/** Sets `enabled[0 .. n)` to the instances whose guard holds in `state`, in order; returns n. */
export type EnabledIn = (state: unknown, enabled: Int32Array) => number;

/** Runs the effect of instance `action` on `state`; returns what the effect returned (it should be nothing). */
export type RunEffect = (action: number, state: unknown) => unknown;

/** A guard as the dispatcher calls it (undefined: the instance is always enabled). */
export type Guard = ((state: never, arg: never) => boolean) | undefined;
/** An effect as the dispatcher calls it. */
export type Effect = (state: never, arg: never) => void;

/**
 * The guard evaluator of a model's instances (`guards[i]` undefined: always enabled). A result
 * other than a boolean goes through `truthOf`, which refuses a Promise.
 */
export function compileGuards(guards: readonly Guard[], args: readonly unknown[]): EnabledIn {
  if (guards.length > MAX_GENERATED) {
    return (state, enabled) => {
      let n = 0;
      for (let i = 0; i < guards.length; i++) {
        const guard = guards[i];
        const r = guard === undefined || guard(state as never, args[i] as never);
        if (r === true || (r !== false && truthOf(r, i))) enabled[n++] = i;
      }
      return n;
    };
  }
  const body = guards.map((g, i) =>
    g === undefined ? `enabled[n++] = ${i};` : `r = g${i}(s, a${i}); if (r === true || (r !== false && truthOf(r, ${i}))) enabled[n++] = ${i};`,
  );
  return generated(guards, args, `function enabledIn(s, enabled) {\nlet n = 0, r;\n${body.join('\n')}\nreturn n;\n}`);
}

/** The effect dispatcher of a model's instances. */
export function compileEffects(effects: readonly Effect[], args: readonly unknown[]): RunEffect {
  if (effects.length > MAX_GENERATED) return (action, state) => effects[action](state as never, args[action] as never);
  const cases = effects.map((_, i) => `case ${i}: return g${i}(s, a${i});`);
  return generated(effects, args, `function runEffect(action, s) {\nswitch (action) {\n${cases.join('\n')}\n}\n}`);
}

/** Compiles `fn`, in which `g<i>` is `functions[i]` and `a<i>` is `args[i]`. */
function generated<T>(functions: readonly unknown[], args: readonly unknown[], fn: string): T {
  const consts = functions.map((_, i) => `const g${i} = functions[${i}], a${i} = args[${i}];`).join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the model's own action list
  return new Function('functions', 'args', 'truthOf', `${consts}\nreturn ${fn};`)(functions, args, truthOf) as T;
}
