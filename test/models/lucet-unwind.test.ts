import { describe, expect, it } from 'vitest';
import model from '../../models/lucet-unwind/lucet-unwind.js';
import { DESIGNS, Params, type Design, type Variant } from '../../models/lucet-unwind/design.js';
import {
  DESTRUCTORS,
  FATAL,
  GUARD,
  GUEST_FAULT,
  LATER_RUN_DONE,
  LEAK,
  NESTED_TERMINATION,
  OVERFLOW,
  POISON,
  POISONED_LATER_RUN,
  UNWIND_FULL_STACK,
} from '../../models/lucet-unwind/properties.js';
import { holdsResources, live, type View } from '../../models/lucet-unwind/stack.js';
import { lucetSystem } from '../../models/lucet-unwind/system.js';
import { always, defineModel, holds, type Model } from '../../spec/index.js';
import { check } from '../../checker/check.js';
import type { CheckResult } from '../../checker/result.js';
import { checkAndReplay, checkVariant, expectInOrder, expectStory, storyOf } from '../support/variants.js';

const PROBE = 'probe: the state is never reached';
const MUTANT = 'mutant';

/** A variant's parameters: the model's defaults, the variant's own, then `overrides`. */
const paramsOf = (variant: Variant, overrides: Partial<Params> = {}): Params =>
  Params.parse({ ...model.variants[variant].params, ...overrides });

/**
 * The model restricted to one design built by the exported `lucetSystem`: a variant's design
 * with one mechanism switched off, checked as the variant `mutant`.
 */
function withDesign(design: Design): Model {
  return defineModel({
    name: model.name,
    summary: model.summary,
    params: Params,
    variants: { [MUTANT]: { summary: 'a design with one mechanism switched off', source: 'this test', expect: holds() } },
    build: ({ params }) => lucetSystem(design, params),
  });
}

/** Checks `design` (validated, its trace replayed). */
const checkDesign = (design: Design, params: Partial<Params> = {}, properties?: string[]): CheckResult =>
  checkAndReplay(withDesign(design), { variant: MUTANT, params, ...(properties ? { properties } : {}) });

/**
 * The shortest trace to a state satisfying `reached` in a variant: the model with one more
 * invariant, "never `reached`", checked alone. Replayed like any other trace.
 */
function traceTo(variant: Variant, reached: (s: View) => boolean, params: Partial<Params> = {}): CheckResult {
  const probed = {
    ...model,
    build: (ctx: Parameters<typeof model.build>[0]) => {
      const sys = model.build(ctx);
      return { ...sys, properties: { ...sys.properties, [PROBE]: always<unknown>((s) => !reached(s as View)) } };
    },
  } as unknown as Model;
  const result = checkAndReplay(probed, { variant, params, properties: [PROBE], deadlock: false });
  expect(result.outcome).toMatchObject({ verdict: 'violates', property: PROBE });
  return result;
}

/**
 * From the last state of a trace, takes the enabled action as long as there is exactly one
 * (the runtime's own steps: unwinding, catching, resetting) and returns their descriptions.
 */
function followOnlyChoice(variant: Variant, result: CheckResult, params: Partial<Params> = {}): string[] {
  const sys = lucetSystem(DESIGNS[variant], paramsOf(variant, params));
  const o = result.outcome;
  let state = structuredClone('trace' in o && o.trace ? o.trace.steps.at(-1)!.state : undefined) as View;
  const told: string[] = [];
  for (;;) {
    // A reset of an instance already reset changes nothing; it is not a step of the story.
    const enabled = Object.entries(sys.actions).filter(
      ([name, a]) => (!a.guard || a.guard(state, undefined)) && !(name === 'reset' && state.phase === 'reset'),
    );
    if (enabled.length !== 1) return told;
    const [, action] = enabled[0];
    const next = structuredClone(state);
    action.effect(next, undefined);
    told.push(action.describe(undefined, state, next));
    state = next;
  }
}

const explanationOf = (result: CheckResult): string =>
  result.outcome.verdict === 'violates' || result.outcome.verdict === 'deadlocks' ? result.outcome.explanation ?? '' : '';
const lastState = (result: CheckResult): View | undefined => {
  const o = result.outcome;
  return 'trace' in o && o.trace ? (o.trace.steps.at(-1)!.state as View) : undefined;
};
const reqHolds = (s: View): boolean => live(s).some((f) => f.fn === 'req_get_headers' && holdsResources(f));

/** The Terrarium stack, run -> req_get_headers -> malloc -> grow_memory, built step by step. */
const TERRARIUM = [
  /Instance::run\("run"\)/,
  /run calls the hostcall req_get_headers/,
  /req_get_headers locks the headers lock/,
  /req_get_headers allocates a header buffer/,
  /req_get_headers calls back into the guest's malloc/,
];
/** The signal handling problem: malloc, called back from req_get_headers, traps and the stack is thrown away. */
const SIGNAL_IN_MALLOC = [
  ...TERRARIUM,
  /malloc traps .*SIGFPE\); Lucet's signal handler marks the instance faulted .* leaving run -> req_get_headers -> malloc/,
  /throwing away run -> req_get_headers -> malloc without unwinding/,
];

describe('lucet-unwind (seed 004): each variant tells its own story by default', () => {
  it('no-unwinding: Vmctx::terminate swaps to the host and reset throws the locked frame away (5 steps)', () => {
    const result = checkVariant(model, 'no-unwinding');
    expectStory(storyOf(result), [
      /Instance::run/,
      /run calls the hostcall req_get_headers/,
      /locks the headers lock/,
      /req_get_headers terminates the instance: Vmctx::terminate swaps straight back/,
      /throwing away run -> req_get_headers without unwinding/,
    ]);
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: LEAK });
    expect(explanationOf(result)).toMatch(/headers lock is still locked, but .* its MutexGuard lived in a req_get_headers frame that is gone/);
    expect(result.stats).toMatchObject({ states: 44, transitions: 56 });
  });

  it('no-unwinding: with the leak properties off, the later run deadlocks on the leaked headers lock', () => {
    const result = checkAndReplay(model, { variant: 'no-unwinding', properties: [] });
    expect(result.outcome.verdict).toBe('deadlocks');
    const story = storyOf(result);
    expect(story.at(-2)).toMatch(/throwing away run -> req_get_headers without unwinding/);
    expect(story.at(-1)).toMatch(/runs the instance again .* asks for the headers lock/);
    expect(lastState(result)).toMatchObject({ phase: 'later run', headersLock: true, stack: [] });
    expect(explanationOf(result)).toMatch(/waits forever for the headers lock: the MutexGuard that would unlock it was in a frame that is gone/);
  });

  it('catch-per-hostcall: the Terrarium nested hostcall leaks what req_get_headers holds (9 steps)', () => {
    const result = checkVariant(model, 'catch-per-hostcall');
    expectStory(storyOf(result), [
      ...TERRARIUM,
      /malloc calls the hostcall grow_memory/,
      /grow_memory calls lucet_hostcall_terminate!/,
      /unwinds grow_memory .* caught by the catch_unwind at its hostcall boundary; terminate_no_unwind .* leaving run -> req_get_headers -> malloc/,
      /throwing away run -> req_get_headers -> malloc without unwinding/,
    ]);
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: LEAK });
    expect(explanationOf(result)).toMatch(/headers lock is still locked and the header buffer is still allocated.* a req_get_headers frame/);
    expect(result.stats).toMatchObject({ states: 49, transitions: 66 });
  });

  it("catch-per-hostcall: the destructor property alone names req_get_headers's frame, dropped zero times", () => {
    const result = checkAndReplay(model, { variant: 'catch-per-hostcall', properties: [DESTRUCTORS] });
    expect(storyOf(result)).toHaveLength(9);
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: DESTRUCTORS });
    expect(explanationOf(result)).toMatch(/destructor run zero times: its MutexGuard and Vec were never dropped/);
  });

  it('catch-per-hostcall: with a single hostcall segment, PR 157 holds, as the PR says', () => {
    expect(checkAndReplay(model, { variant: 'catch-per-hostcall', params: { segments: 1 } }).outcome.verdict).toBe('holds');
  });

  it('catch-and-reraise: holds; the termination skips malloc and unwinds req_get_headers too', () => {
    const result = checkVariant(model, 'catch-and-reraise');
    expect(result.stats).toMatchObject({ states: 48, transitions: 66 });
    const built = lucetSystem(DESIGNS['catch-and-reraise'], paramsOf('catch-and-reraise'));
    expect(Object.keys(built.properties)).toEqual(expect.arrayContaining([NESTED_TERMINATION, POISONED_LATER_RUN, LATER_RUN_DONE]));

    const trace = traceTo('catch-and-reraise', (s) => s.phase === 'panicking' && s.stack[s.sp - 1]?.fn === 'grow_memory' && reqHolds(s));
    expectInOrder(storyOf(trace), [...TERRARIUM, /grow_memory calls lucet_hostcall_terminate!/]);
    expect(followOnlyChoice('catch-and-reraise', trace)).toEqual([
      expect.stringMatching(/unwinds grow_memory .* still inside req_get_headers, so the termination skips the guest frames malloc .* re-raised there/),
      expect.stringMatching(/unwinds req_get_headers \(its header Vec is freed and its MutexGuard unlocks the headers lock, poisoning it.*\) .* leaving run on the guest stack/),
      expect.stringMatching(/resets the instance: .* throwing away run without unwinding/),
      expect.stringMatching(/runs the instance again/),
      expect.stringMatching(/PoisonError from lock\(\) and takes the guard out of it/),
    ]);
  });

  it('catch-and-reraise: holds with three and four nested hostcall segments', () => {
    for (const [segments, depth, states] of [[3, 6, 170], [4, 8, 504]] as const) {
      const result = checkAndReplay(model, { variant: 'catch-and-reraise', params: { segments, depth } });
      expect(result.outcome.verdict, `segments=${segments}`).toBe('holds');
      expect(result.stats.states).toBe(states);
    }
  });

  it('catch-and-reraise-signal: a SIGFPE in malloc raises no panic, so no catch runs (7 steps)', () => {
    const result = checkVariant(model, 'catch-and-reraise-signal');
    expectStory(storyOf(result), SIGNAL_IN_MALLOC);
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: LEAK });
    expect(result.stats).toMatchObject({ states: 64, transitions: 88 });
  });

  it('catch-in-run: the signal handler case is still not addressed (7 steps); without guest faults it holds', () => {
    const result = checkVariant(model, 'catch-in-run');
    expectStory(storyOf(result), SIGNAL_IN_MALLOC);
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: LEAK });
    expect(result.stats).toMatchObject({ states: 64, transitions: 86 });
    expect(checkAndReplay(model, { variant: 'catch-in-run', params: { guestFaults: false } }).outcome.verdict).toBe('holds');
  });

  it('catch-in-run: a nested termination unwinds every frame up to the catch in Instance::run', () => {
    const trace = traceTo('catch-in-run', (s) => s.phase === 'panicking' && s.stack[s.sp - 1]?.fn === 'grow_memory' && reqHolds(s));
    expect(followOnlyChoice('catch-in-run', trace)).toEqual([
      expect.stringMatching(/panic unwinds grow_memory: nothing it holds needs dropping/),
      expect.stringMatching(/panic unwinds through malloc/),
      expect.stringMatching(/panic unwinds req_get_headers: its header Vec is freed and its MutexGuard unlocks the headers lock, poisoning it/),
      expect.stringMatching(/panic unwinds through run/),
      expect.stringMatching(/caught by the catch_unwind in Instance::run: the instance is terminated, its guest stack empty/),
      expect.stringMatching(/resets the instance \(its guest stack is empty\)/),
      expect.stringMatching(/runs the instance again/),
      expect.stringMatching(/PoisonError/),
    ]);
  });

  it('error-propagation: holds; a nested termination comes back as None, and req_get_headers returns normally', () => {
    const result = checkVariant(model, 'error-propagation');
    expect(result.stats).toMatchObject({ states: 71, transitions: 99 });
    const built = lucetSystem(DESIGNS['error-propagation'], paramsOf('error-propagation'));
    expect(Object.keys(built.properties)).toEqual(expect.arrayContaining([NESTED_TERMINATION, GUEST_FAULT, OVERFLOW, POISONED_LATER_RUN]));

    const nested = traceTo('error-propagation', (s) => s.phase === 'panicking' && s.stack[s.sp - 1]?.fn === 'grow_memory' && reqHolds(s));
    expect(followOnlyChoice('error-propagation', nested)).toEqual([
      expect.stringMatching(/unwinds grow_memory .* caught by the catch_unwind at its hostcall boundary, which returns None to malloc/),
      expect.stringMatching(/malloc gets None and returns None to req_get_headers/),
      expect.stringMatching(/req_get_headers gets None from its callback and returns None to run \(`\?`, an ordinary return\): its header Vec is freed and its MutexGuard unlocks the headers lock$/),
      expect.stringMatching(/run returns None to Instance::run, which reports the termination/),
      expect.stringMatching(/resets the instance \(its guest stack is empty\)/),
      expect.stringMatching(/runs the instance again/),
      expect.stringMatching(/takes the headers lock, copies the headers and unlocks it/),
    ]);
  });

  it('error-propagation: a trap in malloc returns None to req_get_headers, the seed\'s guess for signals', () => {
    const trap = traceTo('error-propagation', (s) => s.stop === 'trap' && reqHolds(s));
    expect(storyOf(trap).at(-1)).toMatch(/malloc traps .*; the signal handler returns None from malloc to req_get_headers/);
    expect(followOnlyChoice('error-propagation', trap)[0]).toMatch(/req_get_headers gets None from its callback and returns None to run/);
  });

  it('force-unwind: holds; the reachability checks show panics, traps, overflows and full-stack unwinds', () => {
    const result = checkVariant(model, 'force-unwind');
    expect(result.stats).toMatchObject({ states: 111, transitions: 139 });
    const built = lucetSystem(DESIGNS['force-unwind'], paramsOf('force-unwind'));
    expect(Object.keys(built.properties)).toEqual(
      expect.arrayContaining([NESTED_TERMINATION, GUEST_FAULT, OVERFLOW, UNWIND_FULL_STACK, POISONED_LATER_RUN, LATER_RUN_DONE]),
    );
  });

  it('force-unwind: reset force-unwinds a faulted run -> req_get_headers -> malloc stack and the later run gets the lock', () => {
    const trace = traceTo('force-unwind', (s) => s.phase === 'faulted' && s.stop === 'trap' && s.sp === 3 && reqHolds(s));
    expectInOrder(storyOf(trace), [...TERRARIUM, /malloc traps/]);
    expect(followOnlyChoice('force-unwind', trace)).toEqual([
      expect.stringMatching(/reset calls force_unwind: it makes the guard page .* writable .* initiate_unwind .*\(run -> req_get_headers -> malloc\)/),
      expect.stringMatching(/forced unwind unwinds through malloc/),
      expect.stringMatching(/forced unwind unwinds req_get_headers: its header Vec is freed and its MutexGuard unlocks/),
      expect.stringMatching(/forced unwind unwinds through run/),
      expect.stringMatching(/caught by the catch_unwind in Instance::run; force_unwind returns, protects the guard page again and reset finishes$/),
      expect.stringMatching(/runs the instance again/),
      expect.stringMatching(/PoisonError from lock\(\) and takes the guard out of it/),
    ]);
  });

  it('force-unwind: a full stack that overflowed in malloc is unwound through the writable guard page', () => {
    const trace = traceTo('force-unwind', (s) => s.phase === 'unwinding' && s.sp === 4 && reqHolds(s));
    expectInOrder(storyOf(trace), [
      /req_get_headers allocates a header buffer/,
      /stack overflow in guest code; Lucet's signal handler marks the instance faulted/,
      /reset calls force_unwind: it makes the guard page below the guest stack writable/,
    ]);
  });

  it('overflow-guard-protected: force_unwind on a full stack pushes onto the guard page, a fatal fault (6 steps)', () => {
    const result = checkVariant(model, 'overflow-guard-protected');
    expectStory(storyOf(result), [
      /Instance::run/,
      /run calls handler/,
      /handler calls handler/,
      /handler calls handler/,
      /handler calls handler .*, but the guest stack is full \(4 frames\): handler's prologue touches the guard page, SIGSEGV, a stack overflow in guest code; Lucet's signal handler marks the instance faulted/,
      /reset calls force_unwind: the guest stack is full, .* lands on the guard page, still PROT_NONE/,
    ]);
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FATAL });
    expect(explanationOf(result)).toMatch(/force_unwind found no room on the full guest stack \(run -> handler -> handler -> handler, 4 of 4 frames\)/);
    expect(result.stats).toMatchObject({ states: 55, transitions: 62 });
  });

  it('overflow-guard-protected: with req_get_headers holding its resources, they are never released', () => {
    const result = traceTo('overflow-guard-protected', (s) => s.phase === 'fatal' && reqHolds(s));
    expectInOrder(storyOf(result), [/req_get_headers allocates a header buffer/, /stack overflow in guest code/, /still PROT_NONE/]);
    expect(lastState(result)).toMatchObject({ headersLock: true, headerBuffer: true });
    const fatal = checkAndReplay(model, { variant: 'overflow-guard-protected', properties: [LEAK, DESTRUCTORS] });
    // Without the fatal-fault property, the fatal handler's end is no legitimate end: a deadlock.
    expect(fatal.outcome.verdict).toBe('deadlocks');
    expect(explanationOf(fatal)).toMatch(/a fault outside guest code is fatal: .* the host process aborts/);
  });

  it('poisoned-lock: the forced unwind poisons the headers lock and the later run unwraps the PoisonError (10 steps)', () => {
    const result = checkVariant(model, 'poisoned-lock');
    expectStory(storyOf(result), [
      /Instance::run/,
      /run calls the hostcall req_get_headers/,
      /req_get_headers locks the headers lock/,
      /req_get_headers calls lucet_hostcall_terminate!/,
      /the panic unwinds req_get_headers: its MutexGuard unlocks the headers lock, poisoning it, since the guard drops during a panic/,
      /the panic unwinds through run/,
      /caught by the catch_unwind in Instance::run/,
      /resets the instance \(its guest stack is empty\)/,
      /runs the instance again/,
      /gets a PoisonError from lock\(\), and its unwrap\(\) panics: the request fails/,
    ]);
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: POISON });
    expect(explanationOf(result)).toMatch(/every later request that takes the lock fails too/);
    expect(result.stats).toMatchObject({ states: 101, transitions: 124 });
  });
});

describe('lucet-unwind: every fix, switched off, fails', () => {
  const reraise = DESIGNS['catch-and-reraise'];
  const noFaults = { guestFaults: false };

  it('catch-and-reraise without the re-raise is PR 157: the nested leak', () => {
    const result = checkDesign({ ...reraise, reraise: 'none' }, noFaults);
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: LEAK });
    expect(storyOf(result)).toHaveLength(9);
  });

  it('catch-and-reraise re-raising once (a flag, not a count) survives two segments and fails with three', () => {
    const once = { ...reraise, reraise: 'once' } as const;
    expect(checkDesign(once, noFaults).outcome.verdict).toBe('holds');
    const result = checkDesign(once, { ...noFaults, segments: 3, depth: 6 });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: LEAK });
    expectInOrder(storyOf(result), [
      /run calls the hostcall hostcall_foo/,
      /hostcall_foo allocates a scratch buffer/,
      /hostcall_foo calls back into the guest's handler/,
      /handler calls the hostcall req_get_headers/,
      /grow_memory calls lucet_hostcall_terminate!: .* run -> hostcall_foo -> handler -> req_get_headers -> malloc -> grow_memory/,
      /still inside req_get_headers, so the termination skips the guest frames malloc .* re-raised there/,
      /unwinds req_get_headers .* terminate_no_unwind swaps back to the host context, leaving run -> hostcall_foo -> handler/,
      /throwing away run -> hostcall_foo -> handler without unwinding/,
    ]);
    expect(explanationOf(result)).toMatch(/a hostcall_foo scratch buffer is still allocated.* a hostcall_foo frame that is gone/);
  });

  const propagation = DESIGNS['error-propagation'];
  it('error-propagation whose hostcall catch swaps to the host instead of returning None leaks the nested case', () => {
    const result = checkDesign({ ...propagation, termination: 'catch in hostcall' });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: LEAK });
    expect(storyOf(result).at(-2)).toMatch(/terminate_no_unwind swaps back/);
  });

  it('error-propagation whose signal handler swaps to the host leaks on a trap', () => {
    const result = checkDesign({ ...propagation, signal: 'swap to host' });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: LEAK });
    expect(storyOf(result).at(-2)).toMatch(/Lucet's signal handler marks the instance faulted/);
  });

  const forceUnwind = DESIGNS['force-unwind'];
  it('force-unwind without force_unwind at reset is catch-in-run: the faulted stack is thrown away', () => {
    const result = checkDesign({ ...forceUnwind, forceUnwind: false });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: LEAK });
    expectStory(storyOf(result), SIGNAL_IN_MALLOC);
  });

  it('force-unwind without the redzone is overflow-guard-protected: a fatal fault', () => {
    const result = checkDesign({ ...forceUnwind, redzone: 'none' });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FATAL });
    expect(storyOf(result)).toEqual(storyOf(checkVariant(model, 'overflow-guard-protected')));
  });

  it('force-unwind that leaves the redzone writable: the later run runs guest code above an open guard page', () => {
    const result = checkDesign({ ...forceUnwind, redzone: 'left writable' });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: GUARD });
    expect(storyOf(result).at(-2)).toMatch(/force_unwind returns and reset finishes$/);
    expect(storyOf(result).at(-1)).toMatch(/runs the instance again/);
  });

  it('force-unwind without a hostcall reservation: a hostcall entered on a full stack faults in host code', () => {
    const result = checkDesign(forceUnwind, { headroom: 0 });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FATAL });
    expect(storyOf(result).at(-1)).toMatch(
      /handler calls the hostcall req_get_headers .*, with the guest stack full \(4 frames\) and no hostcall reservation: req_get_headers's prologue touches the guard page, SIGSEGV in host code/,
    );
    expect(explanationOf(result)).toMatch(/handler called a hostcall with the guest stack full .* from host code/);
  });

  it('force-unwind that keeps the stop point: a second reset unwinds req_get_headers again, its destructors run twice', () => {
    const result = checkDesign({ ...forceUnwind, forgetsStopPoint: false });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: DESTRUCTORS });
    expectInOrder(storyOf(result), [
      /malloc traps/,
      /forced unwind unwinds req_get_headers: its header Vec is freed/,
      /reset finishes, but the instance still holds the guest context it stopped in/,
      /the host resets the instance again .*; reset calls force_unwind/,
      /the forced unwind unwinds req_get_headers again: its landing pad runs again on values it already dropped/,
    ]);
    expect(explanationOf(result)).toMatch(/destructors of a req_get_headers frame ran twice.* Vec was freed twice/);
    expect(lastState(result)?.stack[1]).toMatchObject({ fn: 'req_get_headers', drops: 2 });
  });

  it('force-unwind whose termination swaps to the host still holds: force_unwind at reset unwinds a terminated stack too', () => {
    expect(checkDesign({ ...forceUnwind, termination: 'swap' }).outcome.verdict).toBe('holds');
  });

  it('force-unwind whose hostcall unwraps the poisoned lock is poisoned-lock', () => {
    expect(checkDesign(forceUnwind, { onPoisonedLock: 'unwrap' }).outcome).toMatchObject({ verdict: 'violates', property: POISON });
  });
});

describe('lucet-unwind: parameters', () => {
  it('every variant keeps its verdict on a deeper stack', () => {
    for (const variant of Object.keys(model.variants) as Variant[]) {
      const depth8 = check(model, { variant, params: { depth: 8 } });
      expect(depth8.outcome.verdict, variant).toBe(check(model, { variant }).outcome.verdict);
    }
  });

  it('rejects more nested hostcalls than the stack can hold, saying which depth is needed', () => {
    expect(() => check(model, { variant: 'catch-and-reraise', params: { segments: 3 } })).toThrow(
      /segments=3 nests 3 hostcalls, each called from a guest frame, and the innermost call needs 1 free frame \(headroom=1\): the guest stack needs depth >= 6 \(add --param depth=6\)/,
    );
    expect(() => check(model, { variant: 'force-unwind', params: { headroom: 2 } })).toThrow(/needs 2 free frames \(headroom=2\): the guest stack needs depth >= 5/);
  });

  it('gives the same counts and the same trace every time', () => {
    const a = check(model, { variant: 'catch-per-hostcall' });
    const b = check(model, { variant: 'catch-per-hostcall' });
    expect([b.stats.states, b.stats.transitions, b.stats.depth]).toEqual([a.stats.states, a.stats.transitions, a.stats.depth]);
    expect(storyOf(b)).toEqual(storyOf(a));
  });
});
