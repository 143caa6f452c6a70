import { system, type System } from 'interleave-check';
import type { Design, Params } from './design.js';
import { firstRunActions } from './first-run.js';
import { propertiesFor } from './properties.js';
import { resetActions } from './reset.js';
import { stateSchema, type State } from './stack.js';
import { stopActions } from './stops.js';

/**
 * Builds the system for one unwinding design and one parameter setting: what each variant of
 * the model checks, and what a test uses to check a design with one mechanism switched off
 * (`{ ...DESIGNS['force-unwind'], redzone: 'none' }`).
 *
 * @throws if the stack is too shallow for the nested hostcalls asked for.
 */
export function lucetSystem(design: Design, params: Params): System {
  const { depth, segments, headroom } = params;
  // Each hostcall is called from a guest frame, and the innermost call must pass the
  // trampoline's check: the full chain of nested segments must fit.
  const needed = 2 * segments - 1 + Math.max(1, headroom);
  if (depth < needed) {
    throw new Error(
      `segments=${segments} nests ${segments} hostcalls, each called from a guest frame, and the innermost call needs ` +
        `${Math.max(1, headroom)} free frame${headroom > 1 ? 's' : ''} (headroom=${headroom}): the guest stack needs ` +
        `depth >= ${needed} (add --param depth=${needed})`,
    );
  }
  const init: State = {
    phase: 'ready',
    stop: 'none',
    stack: [],
    sp: 0,
    savedContext: null,
    headersLock: false,
    lockPoisoned: false,
    headerBuffer: false,
    fooBuffers: 0,
    guardPage: 'protected',
  };
  return system(stateSchema(depth, segments), {
    init,
    // In this order a trace prefers them when two shortest traces tie.
    actions: {
      ...firstRunActions(design, params),
      ...stopActions(design, params.guestFaults),
      ...resetActions(design, params),
    },
    properties: propertiesFor(design, params),
    // The later run finishing, or failing on a poisoned lock, ends the scenario; a later run
    // stuck on a leaked headers lock is a deadlock.
    final: (s) => s.phase === 'done' || s.phase === 'later run panicked',
    explainDeadlock: (s) =>
      s.phase === 'fatal'
        ? "a fault outside guest code is fatal: Lucet's fatal handler has taken over, the host process aborts, and no later run ever happens"
        : s.phase === 'later run' && s.headersLock
          ? "the later run's req_get_headers waits forever for the headers lock: the MutexGuard that would unlock it was in a frame that is gone"
          : `nothing can happen in phase "${s.phase}", and the later run has not finished`,
  });
}
