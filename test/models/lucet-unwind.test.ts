import { describe, expect, it } from 'vitest';
import model from '../../models/lucet-unwind/lucet-unwind.js';
import {
  DESTRUCTORS,
  FATAL,
  GUEST_FAULT,
  LATER_RUN_DONE,
  LEAK,
  NESTED_TERMINATION,
  OVERFLOW,
  UNWIND_FULL_STACK,
} from '../../models/lucet-unwind/properties.js';
import { holdsResources, type View } from '../../models/lucet-unwind/stack.js';
import { always, type Model } from '../../spec/index.js';
import { check } from '../../checker/check.js';
import type { CheckResult } from '../../checker/result.js';
import { checkAndReplay, checkVariant, expectInOrder, storyOf } from '../support/variants.js';


const PROBE = 'probe: the state is never reached';

/**
 * The shortest trace to a state satisfying `reached`: the model with one more invariant,
 * "never `reached`", checked alone. Replayed like any other trace.
 */
function traceTo(variant: string, reached: (s: View) => boolean, params: Record<string, unknown> = {}): CheckResult {
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
function followOnlyChoice(variant: string, result: CheckResult, params: Record<string, unknown> = {}): string[] {
  const sys = model.build({ params: { depth: 4, guestFaults: true, ...params }, variant: variant as never });
  const o = result.outcome;
  let state = structuredClone('trace' in o && o.trace ? o.trace.steps.at(-1)!.state : undefined) as View;
  const told: string[] = [];
  for (;;) {
    const enabled = Object.values(sys.actions).filter((a) => !a.guard || a.guard(state, undefined));
    if (enabled.length !== 1) return told;
    const next = structuredClone(state);
    enabled[0].effect(next, undefined);
    told.push(enabled[0].describe(undefined, state, next));
    state = next;
  }
}


const reqHolds = (s: View): boolean => s.stack.some((f) => f.fn === 'req_get_headers' && holdsResources(f));

describe('lucet-unwind (seed 004)', () => {
  it('no-unwinding: Vmctx::terminate swaps to the host and reset throws the locked frame away (5 steps)', () => {
    const result = checkVariant(model, 'no-unwinding');
    const story = storyOf(result);
    expect(story).toHaveLength(5);
    expectInOrder(story, [
      /Instance::run/,
      /run calls the hostcall req_get_headers/,
      /locks the headers lock/,
      /req_get_headers terminates the instance: Vmctx::terminate swaps straight back/,
      /throwing away run -> req_get_headers without unwinding/,
    ]);
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: LEAK });
    expect(result.outcome.verdict === 'violates' && result.outcome.explanation).toMatch(/headers lock is still locked/);
  });

  it('no-unwinding: with the leak properties off, the later run deadlocks on the leaked headers lock', () => {
    const result = checkAndReplay(model, { variant: 'no-unwinding', properties: [] });
    expect(result.outcome.verdict).toBe('deadlocks');
    const story = storyOf(result);
    expect(story.at(-2)).toMatch(/throwing away run -> req_get_headers without unwinding/);
    expect(story.at(-1)).toMatch(/runs the instance again .* asks for the headers lock/);
    const last = result.outcome.verdict === 'deadlocks' ? result.outcome.trace.steps.at(-1)!.state : undefined;
    expect(last).toMatchObject({ phase: 'later run', headersLock: true, stack: [] });
    expect(result.outcome.verdict === 'deadlocks' && result.outcome.explanation).toMatch(/waits forever for the headers lock: the MutexGuard that would unlock it was in a frame that is gone/);
  });

  it('catch-per-hostcall: by default the shortest leak is a signal in malloc, which no hostcall catch sees (7 steps)', () => {
    const result = checkVariant(model, 'catch-per-hostcall');
    const story = storyOf(result);
    expect(story).toHaveLength(7);
    expectInOrder(story, [
      /run calls the hostcall req_get_headers/,
      /locks the headers lock/,
      /allocates a header buffer/,
      /calls back into the guest's malloc/,
      /malloc traps .*SIGFPE/,
      /throwing away run -> req_get_headers -> malloc without unwinding/,
    ]);
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: LEAK });
  });

  it('catch-per-hostcall without guest faults: the shortest trace is the Terrarium nested hostcall (9 steps)', () => {
    const result = checkAndReplay(model, { variant: 'catch-per-hostcall', params: { guestFaults: false } });
    const story = storyOf(result);
    expect(story).toHaveLength(9);
    expectInOrder(story, [
      /Instance::run\("run"\)/,
      /run calls the hostcall req_get_headers/,
      /req_get_headers locks the headers lock/,
      /req_get_headers allocates a header buffer/,
      /req_get_headers calls back into the guest's malloc/,
      /malloc calls the hostcall grow_memory/,
      /grow_memory calls lucet_hostcall_terminate!/,
      /unwinds grow_memory .* caught by the catch_unwind at its hostcall boundary; terminate_no_unwind .* leaving run -> req_get_headers -> malloc/,
      /throwing away run -> req_get_headers -> malloc without unwinding/,
    ]);
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: LEAK });
    const explanation = result.outcome.verdict === 'violates' ? result.outcome.explanation : '';
    expect(explanation).toMatch(/headers lock is still locked and the header buffer is still allocated/);
    expect(explanation).toMatch(/req_get_headers frame/);
  });

  it("catch-per-hostcall: the destructor property names req_get_headers's frame, dropped zero times", () => {
    const result = checkAndReplay(model, { variant: 'catch-per-hostcall', params: { guestFaults: false }, properties: [DESTRUCTORS] });
    expect(storyOf(result)).toHaveLength(9);
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: DESTRUCTORS });
    expect(result.outcome.verdict === 'violates' && result.outcome.explanation).toMatch(
      /req_get_headers frame .* destructor run zero times: its MutexGuard and Vec were never dropped/,
    );
  });

  it('catch-and-reraise: the re-raise fixes the nested case, but a fault in malloc still leaks (7 steps)', () => {
    const result = checkVariant(model, 'catch-and-reraise');
    const story = storyOf(result);
    expect(story).toHaveLength(7);
    expect(story[5]).toMatch(/malloc traps/);
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: LEAK });

    const noFaults = checkAndReplay(model, { variant: 'catch-and-reraise', params: { guestFaults: false } });
    expect(noFaults.outcome.verdict).toBe('holds');
    expect(noFaults.stats).toMatchObject({ states: 39, transitions: 56 });
  });

  it('catch-and-reraise: the termination jumps over malloc and unwinds req_get_headers too', () => {
    // Just after grow_memory's catch, still inside req_get_headers's callback: only the nested case gets here.
    const params = { guestFaults: false };
    const result = traceTo('catch-and-reraise', (s) => s.phase === 'panicking' && s.stack.at(-1)?.fn === 'malloc', params);
    expect(storyOf(result)).toHaveLength(8);
    expectInOrder(storyOf(result), [/grow_memory calls lucet_hostcall_terminate!/, /unwinds grow_memory .* re-raised there/]);
    expect(followOnlyChoice('catch-and-reraise', result, params)).toEqual([
      expect.stringMatching(/skips the guest frames malloc .* resumes the panic in req_get_headers/),
      expect.stringMatching(
        /unwinds req_get_headers \(its header Vec is freed and its MutexGuard unlocks the headers lock\) .* leaving run on the guest stack/,
      ),
      expect.stringMatching(/resets the instance: .* throwing away run without unwinding/),
      expect.stringMatching(/runs the instance again/),
      expect.stringMatching(/later run's req_get_headers takes the headers lock/),
    ]);
  });

  it('force-unwind: holds over 56 states; panics and signals both stop the guest with resources held', () => {
    const result = checkVariant(model, 'force-unwind');
    expect(result.stats).toMatchObject({ states: 56, transitions: 79 });
    // Every reachability check, the later run included, is part of the verdict "holds".
    const built = model.build({ params: { depth: 4, guestFaults: true }, variant: 'force-unwind' });
    expect(Object.keys(built.properties)).toEqual(expect.arrayContaining([NESTED_TERMINATION, GUEST_FAULT, LATER_RUN_DONE]));
  });

  it('force-unwind: reset force-unwinds a faulted run -> req_get_headers -> malloc stack and the later run gets the lock', () => {
    const result = traceTo('force-unwind', (s) => s.phase === 'faulted' && s.stack.at(-1)?.fn === 'malloc');
    expectInOrder(storyOf(result), [/locks the headers lock/, /calls back into the guest's malloc/, /malloc traps/]);
    expect(followOnlyChoice('force-unwind', result)).toEqual([
      expect.stringMatching(/reset calls force_unwind: it pushes a return into initiate_unwind .*run -> req_get_headers -> malloc/),
      expect.stringMatching(/forced unwind unwinds through malloc/),
      expect.stringMatching(/forced unwind unwinds req_get_headers: its header Vec is freed and its MutexGuard unlocks/),
      expect.stringMatching(/forced unwind unwinds through run/),
      expect.stringMatching(/caught by the catch_unwind in Instance::run; force_unwind returns and reset finishes/),
      expect.stringMatching(/runs the instance again/),
      expect.stringMatching(/later run's req_get_headers takes the headers lock/),
    ]);
  });

  it('force-unwind: a nested termination unwinds every frame up to the catch in Instance::run', () => {
    const result = traceTo('force-unwind', (s) => s.phase === 'panicking' && s.stack.at(-1)?.fn === 'malloc');
    expectInOrder(storyOf(result), [/malloc calls the hostcall grow_memory/, /grow_memory calls lucet_hostcall_terminate!/, /panic unwinds grow_memory/]);
    expect(followOnlyChoice('force-unwind', result)).toEqual([
      expect.stringMatching(/panic unwinds through malloc/),
      expect.stringMatching(/panic unwinds req_get_headers: its header Vec is freed/),
      expect.stringMatching(/panic unwinds through run/),
      expect.stringMatching(/caught by the catch_unwind in Instance::run: the instance is terminated, its guest stack empty/),
      expect.stringMatching(/resets the instance \(its guest stack is empty\)/),
      expect.stringMatching(/runs the instance again/),
      expect.stringMatching(/later run's req_get_headers takes the headers lock/),
    ]);
  });

  it('force-unwind without guest faults: holds, and the guest-fault reachability check is not asked for', () => {
    const result = checkAndReplay(model, { variant: 'force-unwind', params: { guestFaults: false } });
    expect(result.outcome.verdict).toBe('holds');
    const built = model.build({ params: { depth: 4, guestFaults: false }, variant: 'force-unwind' });
    expect(Object.keys(built.properties)).not.toContain(GUEST_FAULT);
  });

  it('overflow-guard-protected: force_unwind on a full stack pushes onto the guard page, a fatal fault (6 steps)', () => {
    const result = checkVariant(model, 'overflow-guard-protected');
    const story = storyOf(result);
    expect(story).toHaveLength(6);
    expectInOrder(story, [
      /run calls handler/,
      /handler calls handler/,
      /finds the guest stack full \(4 frames\) and touches the guard page: SIGSEGV, a stack overflow/,
      /reset calls force_unwind: the guest stack is full, .* lands on the guard page, still PROT_NONE/,
    ]);
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FATAL });
  });

  it('overflow-guard-protected: with req_get_headers holding its resources, they are never released', () => {
    const result = traceTo('overflow-guard-protected', (s) => s.phase === 'fatal' && reqHolds(s));
    const story = storyOf(result);
    expectInOrder(story, [/req_get_headers allocates a header buffer/, /req_get_headers calls back into malloc with the guest stack full/, /still PROT_NONE/]);
    expect(result.outcome.verdict === 'violates' && result.outcome.trace?.steps.at(-1)?.state).toMatchObject({ headersLock: true, headerBuffer: true });
    const fatal = checkAndReplay(model, { variant: 'overflow-guard-protected', properties: [LEAK, DESTRUCTORS] });
    // Without the fatal-fault property, the fatal handler's end is no legitimate end: a deadlock.
    expect(fatal.outcome.verdict).toBe('deadlocks');
    expect(fatal.outcome.verdict === 'deadlocks' && fatal.outcome.explanation).toMatch(/a fault outside guest code is fatal: .* the host process aborts/);
  });

  it('overflow-guard-writable: holds over 65 states, unwinding a full stack through the redzone', () => {
    const result = checkVariant(model, 'overflow-guard-writable');
    expect(result.stats).toMatchObject({ states: 65, transitions: 91 });
    const built = model.build({ params: { depth: 4, guestFaults: true }, variant: 'overflow-guard-writable' });
    expect(Object.keys(built.properties)).toEqual(expect.arrayContaining([OVERFLOW, UNWIND_FULL_STACK]));
    const trace = traceTo('overflow-guard-writable', (s) => s.phase === 'unwinding' && s.stack.length === 4 && reqHolds(s));
    expectInOrder(storyOf(trace), [/stack overflow/, /makes the guard page below the guest stack writable/, /reset calls force_unwind: it pushes/]);
  });

  it('gives the same counts and the same trace every time', () => {
    const a = check(model, { variant: 'catch-per-hostcall', params: { guestFaults: false } });
    const b = check(model, { variant: 'catch-per-hostcall', params: { guestFaults: false } });
    expect(b.stats.states).toBe(a.stats.states);
    expect(storyOf(b)).toEqual(storyOf(a));
  });
});
