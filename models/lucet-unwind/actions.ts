import type { ActionSpec } from 'interleave';
import type { Design } from './design.js';
import {
  dropText,
  isHost,
  runDestructors,
  stackText,
  top,
  type FrameView,
  type State,
  type View,
} from './stack.js';

/** An action of this model: every one has a single instance (no `over`). */
type Action = ActionSpec<State, undefined>;

const GUEST = 'guest';
const HOSTCALL = 'hostcall';
const EMBEDDER = 'embedder';
const UNWINDER = 'unwinder';

const topIs = (s: View, fn: string): boolean => top(s)?.fn === fn;
const below = (s: View): FrameView | undefined => s.stack[s.stack.length - 2];
const hostFramesIn = (s: View): number => s.stack.filter(isHost).length;

/**
 * The actions of one design, in the order a trace prefers them when two shortest traces tie.
 *
 * @param design - the variant's unwinding design.
 * @param depth - the guest stack's capacity in frames.
 * @param guestFaults - whether guest code may fault (traps and stack overflows).
 */
export function actionsFor(design: Design, depth: number, guestFaults: boolean): Record<string, Action> {
  const room = (s: View): boolean => s.stack.length < depth;
  const running = (s: View): boolean => s.phase === 'running';
  /** The top frame is about to call something (guest code always may; req_get_headers once it has its buffer). */
  const aboutToCall = (s: View): boolean => {
    const f = top(s);
    return f !== undefined && (!isHost(f) || (f.fn === 'req_get_headers' && f.progress === 'buffered'));
  };
  // With a guest that stays clear of its guard page, "full" is the exploration bound, not the
  // physical end of the stack: force_unwind always has room for its frame.
  const unwinderHasRoom = (s: View): boolean => !design.guestOverflows || room(s) || s.guardPage === 'writable';

  const push = (s: State, fn: State['stack'][number]['fn']): void => {
    s.stack.push({ fn, progress: 'entered' });
  };

  const lifecycle: Record<string, Action> = {
    run: {
      actor: () => EMBEDDER,
      guard: (s) => s.phase === 'ready',
      effect: (s) => {
        s.phase = 'running';
        push(s, 'run');
      },
      describe: () => 'the host calls Instance::run("run"): the guest\'s run frame goes on the instance\'s guest stack',
    },
    callHandler: {
      actor: () => GUEST,
      guard: (s) => running(s) && room(s) && (topIs(s, 'run') || topIs(s, 'handler')),
      effect: (s) => push(s, 'handler'),
      describe: (_, b) => `${top(b)!.fn} calls handler (guest code calling guest code)`,
    },
    callReqGetHeaders: {
      actor: () => GUEST,
      guard: (s) => running(s) && room(s) && (topIs(s, 'run') || topIs(s, 'handler')),
      effect: (s) => push(s, 'req_get_headers'),
      describe: (_, b) => `${top(b)!.fn} calls the hostcall req_get_headers (guest -> host)`,
    },
    lockHeaders: {
      actor: () => HOSTCALL,
      guard: (s) => running(s) && topIs(s, 'req_get_headers') && top(s)!.progress === 'entered' && !s.headersLock,
      effect: (s) => {
        s.headersLock = true;
        s.stack[s.stack.length - 1].progress = 'locked';
      },
      describe: () => 'req_get_headers locks the headers lock (its MutexGuard lives in the frame)',
    },
    allocateBuffer: {
      actor: () => HOSTCALL,
      guard: (s) => running(s) && topIs(s, 'req_get_headers') && top(s)!.progress === 'locked',
      effect: (s) => {
        s.headerBuffer = true;
        s.stack[s.stack.length - 1].progress = 'buffered';
      },
      describe: () => 'req_get_headers allocates a header buffer on the host heap (a Vec in the frame)',
    },
    callMalloc: {
      actor: () => HOSTCALL,
      guard: (s) => running(s) && room(s) && topIs(s, 'req_get_headers') && top(s)!.progress === 'buffered',
      effect: (s) => push(s, 'malloc'),
      describe: () => "req_get_headers calls back into the guest's malloc to reserve linear memory for the headers (host -> guest)",
    },
    callGrowMemory: {
      actor: () => GUEST,
      guard: (s) => running(s) && room(s) && topIs(s, 'malloc'),
      effect: (s) => push(s, 'grow_memory'),
      describe: () => 'malloc calls the hostcall grow_memory to grow the heap (guest -> host)',
    },
    guestReturns: {
      actor: () => GUEST,
      guard: (s) => running(s) && top(s) !== undefined && !isHost(top(s)!),
      effect: (s) => {
        s.stack.pop();
        const caller = s.stack[s.stack.length - 1];
        if (caller === undefined) s.phase = 'returned';
        else if (caller.fn === 'req_get_headers') caller.progress = 'copied';
      },
      describe: (_, b) => {
        const f = top(b)!.fn;
        const caller = below(b);
        if (caller === undefined) return `${f} returns: Instance::run returns Ok, the guest stack is empty`;
        if (caller.fn === 'req_get_headers') return 'malloc returns the reserved memory; req_get_headers copies the headers into it';
        return `${f} returns to ${caller.fn}`;
      },
    },
    hostcallReturns: {
      actor: () => HOSTCALL,
      guard: (s) =>
        running(s) && (topIs(s, 'grow_memory') || (topIs(s, 'req_get_headers') && top(s)!.progress === 'copied')),
      effect: (s) => {
        runDestructors(s, s.stack.pop()!);
      },
      describe: (_, b) =>
        topIs(b, 'grow_memory')
          ? 'grow_memory grows the heap and returns to malloc'
          : `req_get_headers returns to ${below(b)!.fn}: ${dropText(top(b)!)}`,
    },
    terminate: {
      actor: () => HOSTCALL,
      guard: (s) => running(s) && top(s) !== undefined && isHost(top(s)!),
      effect: (s) => {
        s.phase = design.termination === 'swap' ? 'terminated' : 'panicking';
      },
      describe: (_, b) =>
        design.termination === 'swap'
          ? `${top(b)!.fn} terminates the instance: Vmctx::terminate swaps straight back to the host context, ` +
            `leaving ${stackText(b.stack)} on the guest stack, not unwound`
          : `${top(b)!.fn} calls lucet_hostcall_terminate!: a panic carrying TerminationDetails starts unwinding ` +
            `${stackText(b.stack)}`,
    },
  };

  const faults: Record<string, Action> = guestFaults
    ? {
        ...(design.guestOverflows
          ? {
              stackOverflow: {
                actor: () => GUEST,
                guard: (s) => running(s) && !room(s) && aboutToCall(s),
                effect: (s) => {
                  s.phase = 'faulted';
                },
                describe: (_, b) =>
                  (isHost(top(b)!)
                    ? `req_get_headers calls back into malloc with the guest stack full (${depth} frames): malloc's prologue touches the guard page`
                    : `${top(b)!.fn}'s next call finds the guest stack full (${depth} frames) and touches the guard page`) +
                  ': SIGSEGV, a stack overflow in guest code; the signal handler marks the instance faulted and ' +
                  'switches to the host context, leaving every frame on the guest stack',
              } satisfies Action,
            }
          : {}),
        guestTraps: {
          actor: () => GUEST,
          guard: (s) => running(s) && top(s) !== undefined && !isHost(top(s)!),
          effect: (s) => {
            s.phase = 'faulted';
          },
          describe: (_, b) =>
            `${top(b)!.fn} traps (an integer division by zero: SIGFPE); Lucet's signal handler marks the instance ` +
            `faulted and switches to the host context, leaving ${stackText(b.stack)} on the guest stack`,
        },
      }
    : {};

  return { ...lifecycle, ...faults, ...terminationActions(design), ...resetActions(design, unwinderHasRoom) };
}

/** How the termination panic travels, per design. */
function terminationActions(design: Design): Record<string, Action> {
  const panicking = (s: View): boolean => s.phase === 'panicking';
  switch (design.termination) {
    case 'swap':
      return {};
    case 'catch in hostcall':
    case 'catch and re-raise': {
      const reraises = design.termination === 'catch and re-raise';
      return {
        hostcallCatches: {
          actor: () => HOSTCALL,
          guard: (s) => panicking(s) && top(s) !== undefined && isHost(top(s)!),
          effect: (s) => {
            runDestructors(s, s.stack.pop()!);
            if (!(reraises && hostFramesIn(s) > 0)) s.phase = 'terminated';
          },
          describe: (_, b, a) => {
            const f = top(b)!;
            const caught = `the panic unwinds ${f.fn} (${dropText(f)}) and is caught by the catch_unwind at its hostcall boundary`;
            return a.phase === 'panicking'
              ? `${caught}; the instance is still inside another hostcall, so the termination is re-raised there`
              : `${caught}; terminate_no_unwind swaps back to the host context, leaving ${stackText(a.stack)} on the guest stack`;
          },
        },
        ...(reraises
          ? {
              reraise: {
                actor: () => HOSTCALL,
                guard: (s) => panicking(s) && top(s) !== undefined && !isHost(top(s)!),
                effect: (s) => {
                  while (!isHost(s.stack[s.stack.length - 1])) s.stack.pop();
                },
                describe: (_, b, a) => {
                  const skipped = b.stack.slice(a.stack.length).map((f) => f.fn).join(' -> ');
                  return (
                    `the termination skips the guest frames ${skipped} (nothing to drop, and no unwinding across guest code) ` +
                    `and resumes the panic in ${top(a)!.fn}, the next hostcall segment down`
                  );
                },
              } satisfies Action,
            }
          : {}),
      };
    }
    case 'unwind to run':
      return {};
  }
}

/** Reset, force_unwind, the unwinding shared by termination panics and forced unwinds, and the later run. */
function resetActions(design: Design, unwinderHasRoom: (s: View) => boolean): Record<string, Action> {
  const stopped = (s: View): boolean => s.phase === 'returned' || s.phase === 'terminated' || s.phase === 'faulted';
  const unwinds = design.termination === 'unwind to run' || design.forceUnwind;
  const unwinding: Record<string, Action> = unwinds
    ? {
        panicUnwinds: {
          actor: () => UNWINDER,
          guard: (s) => (s.phase === 'panicking' || s.phase === 'unwinding') && s.stack.length > 0,
          effect: (s) => {
            runDestructors(s, s.stack.pop()!);
          },
          describe: (_, b) => {
            const f = top(b)!;
            const which = b.phase === 'unwinding' ? 'the forced unwind' : 'the panic';
            return isHost(f)
              ? `${which} unwinds ${f.fn}: ${dropText(f)}`
              : `${which} unwinds through ${f.fn} (guest code: Cranelift's unwind info, nothing to drop)`;
          },
        },
        runCatches: {
          actor: () => UNWINDER,
          guard: (s) => (s.phase === 'panicking' || s.phase === 'unwinding') && s.stack.length === 0,
          effect: (s) => {
            if (s.phase === 'panicking') {
              s.phase = 'terminated';
            } else {
              s.phase = 'reset';
              s.guardPage = 'protected';
            }
          },
          describe: (_, b) =>
            b.phase === 'panicking'
              ? 'the panic leaves the guest stack and is caught by the catch_unwind in Instance::run: the instance is terminated, its guest stack empty'
              : 'the forced unwind is caught by the catch_unwind in Instance::run; force_unwind returns' +
                (b.guardPage === 'writable' ? ', protects the guard page again' : '') +
                ' and reset finishes',
        },
      }
    : {};

  const forcing: Record<string, Action> = design.forceUnwind
    ? {
        ...(design.unprotectGuard
          ? {
              unprotectGuardPage: {
                actor: () => EMBEDDER,
                guard: (s) => stopped(s) && s.stack.length > 0 && s.guardPage === 'protected',
                effect: (s) => {
                  s.guardPage = 'writable';
                },
                describe: () =>
                  'reset calls force_unwind, which first makes the guard page below the guest stack writable (the stack redzone)',
              } satisfies Action,
            }
          : {}),
        forceUnwind: {
          actor: () => EMBEDDER,
          guard: (s) => stopped(s) && s.stack.length > 0 && (!design.unprotectGuard || s.guardPage === 'writable'),
          effect: (s) => {
            s.phase = unwinderHasRoom(s) ? 'unwinding' : 'fatal';
          },
          describe: (_, b, a) =>
            a.phase === 'unwinding'
              ? `reset calls force_unwind: it pushes a return into initiate_unwind onto the stopped guest stack ` +
                `(${stackText(b.stack)}) and swaps to it; initiate_unwind panics`
              : `reset calls force_unwind: the guest stack is full, so the return into initiate_unwind it pushes lands ` +
                `on the guard page, still PROT_NONE: SIGSEGV outside guest code, a fatal fault; the fatal handler panics`,
        },
      }
    : {};

  return {
    ...unwinding,
    reset: {
      actor: () => EMBEDDER,
      guard: (s) => stopped(s) && (!design.forceUnwind || s.stack.length === 0),
      effect: (s) => {
        s.stack = [];
        s.phase = 'reset';
      },
      describe: (_, b) =>
        b.stack.length === 0
          ? 'the host resets the instance (its guest stack is empty)'
          : `the host resets the instance: the guest stack is reset to empty, throwing away ${stackText(b.stack)} without unwinding it`,
    },
    ...forcing,
    laterRun: {
      actor: () => EMBEDDER,
      guard: (s) => s.phase === 'reset',
      effect: (s) => {
        s.phase = 'later run';
      },
      describe: () => 'the host runs the instance again for the next request: run calls req_get_headers, which asks for the headers lock',
    },
    laterRunTakesLock: {
      actor: () => HOSTCALL,
      guard: (s) => s.phase === 'later run' && !s.headersLock,
      effect: (s) => {
        s.phase = 'done';
      },
      describe: () => "the later run's req_get_headers takes the headers lock, copies the headers and unlocks it; run returns",
    },
  };
}
