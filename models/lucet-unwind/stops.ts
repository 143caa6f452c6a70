import { GUEST, HOSTCALL, UNWINDER, type Action } from './actors.js';
import type { Design } from './design.js';
import {
  belowTop,
  dropText,
  hostFrames,
  isHost,
  live,
  pop,
  resetContext,
  stackText,
  swapToHost,
  top,
  type State,
  type View,
} from './stack.js';

/** A fault in guest code: a trap (SIGFPE) or a stack overflow (the guard page, or a trampoline's stack check). */
export type Fault = 'trap' | 'stack overflow';

/**
 * Lucet's signal handler after a fault in guest code, as the design has it. A trap happens in
 * the top frame; a stack overflow in a call whose callee has no frame yet, so the caller is on top.
 */
export function handleSignal(design: Design, s: State, fault: Fault): void {
  s.stop = fault;
  if (design.signal === 'swap to host') return swapToHost(s, 'faulted');
  if (fault === 'trap') pop(s, false);
  s.phase = s.sp === 0 ? 'faulted' : 'returning None';
}

/** The signal handler's half of a fault's sentence. */
export function signalText(design: Design, fault: Fault, b: View, a: View): string {
  if (design.signal === 'swap to host') {
    return (
      "Lucet's signal handler marks the instance faulted and switches to the host context, " +
      `leaving ${stackText(live(a))} on the guest stack`
    );
  }
  if (a.sp === 0) return 'the signal handler makes run return None to Instance::run: the instance is faulted';
  return fault === 'trap'
    ? `the signal handler returns None from ${top(b)!.fn} to ${top(a)!.fn}, as if the call had returned None`
    : `the signal handler makes the call return None to ${top(a)!.fn}`;
}

/**
 * How the first run stops early, per design: a hostcall's termination, a trap in guest code,
 * and what carries either back to the host (catches, re-raises, the unwinder, None returns).
 * The unwinder's steps also serve reset's force_unwind.
 *
 * @param guestFaults - whether guest code may trap.
 */
export function stopActions(design: Design, guestFaults: boolean): Record<string, Action> {
  const running = (s: View): boolean => s.phase === 'running';
  const hostOnTop = (s: View): boolean => top(s) !== undefined && isHost(top(s)!);
  const catchesInHostcall = design.termination === 'catch in hostcall' || design.termination === 'return None';
  const panicReachesRun = design.termination === 'unwind to run';
  const unwinds = (s: View): boolean => s.phase === 'unwinding' || (panicReachesRun && s.phase === 'panicking');
  const returnsNone = design.termination === 'return None' || design.signal === 'return None';

  const actions: Record<string, Action> = {
    terminate: {
      actor: () => HOSTCALL,
      guard: (s) => running(s) && hostOnTop(s),
      effect: (s) => {
        s.stop = 'termination';
        if (design.termination === 'swap') swapToHost(s, 'terminated');
        else s.phase = 'panicking';
      },
      describe: (_, b) =>
        design.termination === 'swap'
          ? `${top(b)!.fn} terminates the instance: Vmctx::terminate swaps straight back to the host context, ` +
            `leaving ${stackText(live(b))} on the guest stack, not unwound`
          : `${top(b)!.fn} calls lucet_hostcall_terminate!: a panic carrying TerminationDetails starts unwinding ` +
            stackText(live(b)),
    },
  };

  if (guestFaults) {
    actions.guestTraps = {
      actor: () => GUEST,
      guard: (s) => running(s) && top(s) !== undefined && !isHost(top(s)!),
      effect: (s) => handleSignal(design, s, 'trap'),
      describe: (_, b, a) => `${top(b)!.fn} traps (an integer division by zero: SIGFPE); ${signalText(design, 'trap', b, a)}`,
    };
  }

  if (catchesInHostcall) {
    actions.hostcallCatches = {
      actor: () => HOSTCALL,
      guard: (s) => (s.phase === 'panicking' || s.phase === 're-raised') && hostOnTop(s),
      effect: (s) => {
        const alreadyReraised = s.phase === 're-raised';
        pop(s, true);
        if (design.termination === 'return None') {
          s.phase = 'returning None';
          return;
        }
        const reraises =
          hostFrames(s) > 0 && (design.reraise === 'every segment' || (design.reraise === 'once' && !alreadyReraised));
        if (!reraises) return swapToHost(s, 'terminated');
        while (!isHost(top(s)!)) pop(s, false);
        s.phase = 're-raised';
      },
      describe: (_, b, a) => {
        const f = top(b)!;
        const caught = `the panic unwinds ${f.fn} (${dropText(f, true)}) and is caught by the catch_unwind at its hostcall boundary`;
        if (a.phase === 'returning None') return `${caught}, which returns None to ${top(a)!.fn}`;
        if (a.phase === 're-raised') {
          const skipped = stackText(b.stack.slice(a.sp, b.sp - 1));
          return (
            `${caught}; the instance is still inside ${top(a)!.fn}, so the termination skips the guest frames ` +
            `${skipped} (nothing to drop, and no unwinding across guest code) and is re-raised there`
          );
        }
        return `${caught}; terminate_no_unwind swaps back to the host context, leaving ${stackText(live(a))} on the guest stack`;
      },
    };
  }

  if (panicReachesRun || design.forceUnwind) {
    actions.panicUnwinds = {
      actor: () => UNWINDER,
      guard: (s) => unwinds(s) && s.sp > 0,
      effect: (s) => pop(s, true),
      describe: (_, b) => {
        const f = top(b)!;
        const which = b.phase === 'unwinding' ? 'the forced unwind' : 'the panic';
        return isHost(f)
          ? `${which} unwinds ${f.fn}${f.drops > 0 ? ' again' : ''}: ${dropText(f, true)}`
          : `${which} unwinds through ${f.fn} (guest code: Cranelift's unwind info, nothing to drop)`;
      },
    };
    actions.runCatches = {
      actor: () => UNWINDER,
      guard: (s) => unwinds(s) && s.sp === 0,
      effect: (s) => {
        if (s.phase === 'panicking') {
          s.phase = 'terminated';
          return;
        }
        s.phase = 'reset';
        if (design.redzone !== 'left writable') s.guardPage = 'protected';
        if (design.forgetsStopPoint) resetContext(s);
      },
      describe: (_, b, a) =>
        b.phase === 'panicking'
          ? 'the panic leaves the guest stack and is caught by the catch_unwind in Instance::run: the instance is terminated, its guest stack empty'
          : 'the forced unwind is caught by the catch_unwind in Instance::run; force_unwind returns' +
            (b.guardPage === 'writable' && a.guardPage === 'protected' ? ', protects the guard page again' : '') +
            ' and reset finishes' +
            (a.savedContext === null ? '' : ', but the instance still holds the guest context it stopped in'),
    };
  }

  if (returnsNone) {
    actions.returnNone = {
      actor: (_, s) => (isHost(top(s)!) ? HOSTCALL : GUEST),
      guard: (s) => s.phase === 'returning None' && s.sp > 0,
      effect: (s) => {
        pop(s, false);
        if (s.sp === 0) s.phase = s.stop === 'termination' ? 'terminated' : 'faulted';
      },
      describe: (_, b) => {
        const f = top(b)!;
        const caller = belowTop(b);
        if (caller === undefined) {
          return `run returns None to Instance::run, which reports the ${b.stop === 'termination' ? 'termination' : 'fault'}: the guest stack is empty`;
        }
        return isHost(f)
          ? `${f.fn} gets None from its callback and returns None to ${caller.fn} (\`?\`, an ordinary return): ${dropText(f, false)}`
          : `${f.fn} gets None and returns None to ${caller.fn}`;
      },
    };
  }
  return actions;
}
