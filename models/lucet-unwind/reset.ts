import { EMBEDDER, HOSTCALL, type Action } from './actors.js';
import type { Design, Params } from './design.js';
import { live, resetContext, stackText, type View } from './stack.js';

const RESET_AGAIN = 'the host resets the instance again (an instance pool resets on release and again before reuse)';

/**
 * After the first run: reset (throwing the stopped stack away, or force-unwinding it, through
 * the redzone if the design has one), a repeated reset, and the later run that needs the
 * headers lock.
 */
export function resetActions(design: Design, params: Params): Record<string, Action> {
  const { depth, onPoisonedLock } = params;
  const resettable = (s: View): boolean =>
    s.phase === 'returned' || s.phase === 'terminated' || s.phase === 'faulted' || s.phase === 'reset';
  // force_unwind resumes the guest context saved when the instance stopped, if there is one.
  const toUnwind = (s: View): boolean => design.forceUnwind && s.savedContext !== null;
  const savedStack = (s: View): string => stackText(s.stack.slice(0, s.savedContext ?? 0));
  const again = (s: View): string => (s.phase === 'reset' ? `${RESET_AGAIN}; ` : '');

  const actions: Record<string, Action> = {
    reset: {
      actor: () => EMBEDDER,
      guard: (s) => resettable(s) && !toUnwind(s),
      effect: (s) => {
        resetContext(s);
        s.phase = 'reset';
      },
      describe: (_, b) => {
        if (b.phase === 'reset') return `${RESET_AGAIN}: nothing to do`;
        return b.sp === 0
          ? 'the host resets the instance (its guest stack is empty)'
          : `the host resets the instance: the guest stack is reset to empty, throwing away ${stackText(live(b))} without unwinding it`;
      },
    },
  };

  if (design.forceUnwind) {
    actions.forceUnwind = {
      actor: () => EMBEDDER,
      guard: (s) => resettable(s) && toUnwind(s),
      effect: (s) => {
        if (design.redzone !== 'none') s.guardPage = 'writable';
        const room = depth - s.savedContext! > 0 || s.guardPage === 'writable';
        s.sp = s.savedContext!;
        s.phase = room ? 'unwinding' : 'fatal';
      },
      describe: (_, b, a) =>
        again(b) +
        (a.phase === 'unwinding'
          ? 'reset calls force_unwind: ' +
            (design.redzone !== 'none' ? 'it makes the guard page below the guest stack writable (the stack redzone), then ' : '') +
            `it pushes a return into initiate_unwind onto the stopped guest stack ` +
            `(${savedStack(b)}) and swaps to it; initiate_unwind panics`
          : 'reset calls force_unwind: the guest stack is full, so the return into initiate_unwind it pushes lands ' +
            'on the guard page, still PROT_NONE: SIGSEGV outside guest code, a fatal fault; the fatal handler panics'),
    };
  }

  actions.laterRun = {
    actor: () => EMBEDDER,
    guard: (s) => s.phase === 'reset',
    effect: (s) => {
      s.phase = 'later run';
    },
    describe: () => 'the host runs the instance again for the next request: run calls req_get_headers, which asks for the headers lock',
  };
  actions.laterRunTakesLock = {
    actor: () => HOSTCALL,
    guard: (s) => s.phase === 'later run' && !s.headersLock,
    effect: (s) => {
      s.phase = s.lockPoisoned && onPoisonedLock === 'unwrap' ? 'later run panicked' : 'done';
    },
    describe: (_, b, a) => {
      if (!b.lockPoisoned) return "the later run's req_get_headers takes the headers lock, copies the headers and unlocks it; run returns";
      return a.phase === 'done'
        ? "the later run's req_get_headers gets a PoisonError from lock() and takes the guard out of it (into_inner); it copies the headers and unlocks; run returns"
        : "the later run's req_get_headers gets a PoisonError from lock(), and its unwrap() panics: the request fails";
    },
  };
  return actions;
}
