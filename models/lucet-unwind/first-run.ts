import { EMBEDDER, GUEST, HOSTCALL, type Action } from './actors.js';
import type { Design, Params } from './design.js';
import { handleSignal, signalText } from './stops.js';
import { HOSTCALLS, belowTop, dropText, hostFrames, isHost, pop, push, top, type FunctionName, type View } from './stack.js';

/**
 * What a call does under Lucet's stack rule, the same in every design. A guest callee needs a
 * free frame slot, or its prologue touches the guard page. A hostcall goes through a trampoline
 * that checks that `headroom` slots are free (Limits::hostcall_reservation, PR 567) and traps
 * otherwise; with no reservation there is no check, and a hostcall entered on a full stack puts
 * its frame on the guard page. The first two are stack overflows in guest code, which Lucet's
 * signal handler treats like any guest fault; the last is a fault in host code: fatal.
 */
type CallOutcome = 'enters' | 'guard page' | 'stack check' | 'host overflow';

/**
 * The first run's own steps: Instance::run, the guest's calls (to guest code and to hostcalls),
 * the hostcalls' bodies and callbacks into the guest, and returns.
 */
export function firstRunActions(design: Design, params: Params): Record<string, Action> {
  const { depth, segments, headroom, guestFaults } = params;
  const running = (s: View): boolean => s.phase === 'running';
  const topIs = (s: View, ...fns: FunctionName[]): boolean => top(s) !== undefined && fns.includes(top(s)!.fn);
  const topAt = (s: View, fn: FunctionName, progress: string): boolean => topIs(s, fn) && top(s)!.progress === progress;

  const outcome = (s: View, callee: FunctionName): CallOutcome => {
    const free = depth - s.sp;
    if (!HOSTCALLS.includes(callee)) return free > 0 ? 'enters' : 'guard page';
    if (headroom > 0) return free >= headroom ? 'enters' : 'stack check';
    return free > 0 ? 'enters' : 'host overflow';
  };

  /**
   * A call from the top frame to `callee`, made when `when` holds. A guest that may not fault
   * only calls when the callee gets a frame.
   */
  const call = (callee: FunctionName, actor: string, when: (s: View) => boolean, told: (b: View) => string): Action => ({
    actor: () => actor,
    guard: (s) => running(s) && when(s) && (guestFaults || outcome(s, callee) === 'enters'),
    effect: (s) => {
      const o = outcome(s, callee);
      if (o === 'enters') push(s, callee);
      else if (o === 'host overflow') s.phase = 'fatal';
      else handleSignal(design, s, 'stack overflow');
    },
    describe: (_, b, a) => {
      const what = told(b);
      switch (outcome(b, callee)) {
        case 'enters':
          return what;
        case 'guard page':
          return (
            `${what}, but the guest stack is full (${depth} frames): ${callee}'s prologue touches the guard page, ` +
            `SIGSEGV, a stack overflow in guest code; ${signalText(design, 'stack overflow', b, a)}`
          );
        case 'stack check':
          return (
            `${what}, with ${depth - b.sp} of ${depth} frames free, fewer than the hostcall reservation (${headroom}): ` +
            `the trampoline's stack check traps (stk_ovf), a stack overflow in guest code; ${signalText(design, 'stack overflow', b, a)}`
          );
        case 'host overflow':
          return (
            `${what}, with the guest stack full (${depth} frames) and no hostcall reservation: ${callee}'s prologue ` +
            "touches the guard page, SIGSEGV in host code, a fatal fault; Lucet's fatal handler panics"
          );
      }
    },
  });

  const guestCode = (s: View): boolean => topIs(s, 'run', 'handler');
  return {
    run: {
      actor: () => EMBEDDER,
      guard: (s) => s.phase === 'ready',
      effect: (s) => {
        s.phase = 'running';
        push(s, 'run');
      },
      describe: () => 'the host calls Instance::run("run"): the guest\'s run frame goes on the instance\'s guest stack',
    },
    callHandler: call('handler', GUEST, guestCode, (b) => `${top(b)!.fn} calls handler (guest code calling guest code)`),
    // The outer hostcall segments: hostcall_foo wraps the Terrarium pair, which needs two more.
    callHostcallFoo: call(
      'hostcall_foo',
      GUEST,
      (s) => guestCode(s) && hostFrames(s) + 2 < segments,
      (b) => `${top(b)!.fn} calls the hostcall hostcall_foo (guest -> host)`,
    ),
    fooAllocates: {
      actor: () => HOSTCALL,
      guard: (s) => running(s) && topAt(s, 'hostcall_foo', 'entered'),
      effect: (s) => {
        s.fooBuffers += 1;
        s.stack[s.sp - 1].progress = 'buffered';
      },
      describe: () => 'hostcall_foo allocates a scratch buffer on the host heap (a Vec in the frame)',
    },
    fooCallsHandler: call(
      'handler',
      HOSTCALL,
      (s) => topAt(s, 'hostcall_foo', 'buffered'),
      () => "hostcall_foo calls back into the guest's handler (host -> guest)",
    ),
    callReqGetHeaders: call(
      'req_get_headers',
      GUEST,
      (s) => guestCode(s) && hostFrames(s) < segments,
      (b) => `${top(b)!.fn} calls the hostcall req_get_headers (guest -> host)`,
    ),
    lockHeaders: {
      actor: () => HOSTCALL,
      guard: (s) => running(s) && topAt(s, 'req_get_headers', 'entered') && !s.headersLock,
      effect: (s) => {
        s.headersLock = true;
        s.stack[s.sp - 1].progress = 'locked';
      },
      describe: () => 'req_get_headers locks the headers lock (its MutexGuard lives in the frame)',
    },
    allocateBuffer: {
      actor: () => HOSTCALL,
      guard: (s) => running(s) && topAt(s, 'req_get_headers', 'locked'),
      effect: (s) => {
        s.headerBuffer = true;
        s.stack[s.sp - 1].progress = 'buffered';
      },
      describe: () => 'req_get_headers allocates a header buffer on the host heap (a Vec in the frame)',
    },
    callMalloc: call(
      'malloc',
      HOSTCALL,
      (s) => topAt(s, 'req_get_headers', 'buffered'),
      () => "req_get_headers calls back into the guest's malloc to reserve linear memory for the headers (host -> guest)",
    ),
    callGrowMemory: call(
      'grow_memory',
      GUEST,
      (s) => topIs(s, 'malloc') && hostFrames(s) < segments,
      () => 'malloc calls the hostcall grow_memory to grow the heap (guest -> host)',
    ),
    guestReturns: {
      actor: () => GUEST,
      guard: (s) => running(s) && top(s) !== undefined && !isHost(top(s)!),
      effect: (s) => {
        pop(s, false);
        const caller = top(s);
        if (caller === undefined) s.phase = 'returned';
        else if (isHost(caller)) s.stack[s.sp - 1].progress = 'copied';
      },
      describe: (_, b) => {
        const f = top(b)!.fn;
        const caller = belowTop(b)?.fn;
        if (caller === undefined) return `${f} returns: Instance::run returns Ok, the guest stack is empty`;
        if (caller === 'req_get_headers') return 'malloc returns the reserved memory; req_get_headers copies the headers into it';
        if (caller === 'hostcall_foo') return "handler returns to hostcall_foo, which copies the handler's answer out";
        return `${f} returns to ${caller}`;
      },
    },
    hostcallReturns: {
      actor: () => HOSTCALL,
      guard: (s) => running(s) && (topIs(s, 'grow_memory') || topAt(s, 'req_get_headers', 'copied') || topAt(s, 'hostcall_foo', 'copied')),
      effect: (s) => pop(s, false),
      describe: (_, b) =>
        topIs(b, 'grow_memory')
          ? 'grow_memory grows the heap and returns to malloc'
          : `${top(b)!.fn} returns to ${belowTop(b)!.fn}: ${dropText(top(b)!, false)}`,
    },
  };
}
