import { always, leadsTo, sometimes, type Property } from 'interleave-check';
import { describeValues, own, SETUP_PHASES, SLEEPING, type DeepState, type State, type World } from './osv.js';

/** "a syscall returns with the caller's FPU registers unchanged": the property the seed's crash breaks. */
export const FPU_PRESERVED = "a syscall returns with the caller's FPU registers unchanged";
/** "the tiny stack never overflows". */
export const TINY_STACK_FITS = 'the tiny stack never overflows';
/** "the per-CPU stack never overflows". */
export const PER_CPU_STACK_FITS = 'the per-CPU stack never overflows';
/** "no two threads use one per-CPU stack at once". */
export const PER_CPU_STACK_EXCLUSIVE = 'no two threads use one per-CPU stack at once';
/** "no thread sleeps with preemption disabled": OSv's assertion in thread::wait_until(). */
export const NO_SLEEP_WITH_PREEMPTION_OFF = 'no thread sleeps with preemption disabled';
/** "every first syscall completes": the liveness property. */
export const EVERY_SYSCALL_COMPLETES = 'every first syscall completes';

/**
 * The properties of one variant: the invariants the seed's discussion names, and the
 * reachability checks that show the dangerous paths are taken (another thread's FPU values in
 * the registers while a setup sleeps in malloc; a setup resuming with foreign values in the
 * registers; a nested exception while a setup is switched away; every thread back in its Go code).
 */
export function properties(w: World): Record<string, Property<State>> {
  const { threads, design, p } = w;
  const onSetupStack = (s: DeepState, t: number) => SETUP_PHASES.has(s.phase[t]);
  const returnedWrong = (s: DeepState) =>
    threads.find((t) => s.phase[t] === 'back in user code' && s.exception[t] === 'none' && w.valuesOf(s, t) !== own(t));
  const overflowing = (s: DeepState, size: number) => threads.find((t) => onSetupStack(s, t) && s.stackBytes[t] > size);
  const sleeper = (s: DeepState) => threads.find((t) => SLEEPING.has(s.phase[t]) && s.preemptionDisabled[t]);
  /** A newcomer that shares its CPU with another thread: the setups the seed worries about. */
  const sharesCpu = w.newcomers.some((t) => w.threadsOn(w.cpuOf(t)).length > 1);

  const overflowExplained = (s: DeepState, t: number, size: number, what: string) =>
    `thread ${t}'s setup path uses ${s.stackBytes[t]} bytes of ${what} of ${size} bytes ` +
    `(setup frame ${p.setupFrame}${s.stackBytes[t] > p.setupFrame ? ` + FPU save area ${p.fpuSaveArea}` : ''}): ` +
    `the last ${s.stackBytes[t] - size} bytes are written below the stack, over whatever lies there`;

  const props: Record<string, Property<State>> = {
    [FPU_PRESERVED]: always(
      (s) => returnedWrong(s) === undefined,
      (s) => {
        const t = returnedWrong(s)!;
        const where = w.isRunning(s, t) ? `CPU ${w.cpuOf(t)}'s FPU registers hold` : 'its FPU save area holds';
        return (
          `thread ${t} is back in its Go code after its first syscall, but ${where} ${describeValues(w.valuesOf(s, t))} ` +
          `instead of its own: the Go code computes with garbage (in the seed, a Go thread then faults executing an instruction at address 6)`
        );
      },
    ),
  };
  if (w.setupOnPerCpuStack()) {
    props[PER_CPU_STACK_FITS] = always(
      (s) => overflowing(s, p.perCpuStack) === undefined,
      (s) => overflowExplained(s, overflowing(s, p.perCpuStack)!, p.perCpuStack, w.perCpuStackName(w.cpuOf(overflowing(s, p.perCpuStack)!))),
    );
    props[PER_CPU_STACK_EXCLUSIVE] = perCpuStackExclusive(w);
  } else {
    props[TINY_STACK_FITS] = always(
      (s) => overflowing(s, p.tinyStack) === undefined,
      (s) => overflowExplained(s, overflowing(s, p.tinyStack)!, p.tinyStack, 'its tiny stack'),
    );
  }
  if (p.waitAssertsPreemptable) {
    props[NO_SLEEP_WITH_PREEMPTION_OFF] = always(
      (s) => sleeper(s) === undefined,
      (s) => {
        const t = sleeper(s)!;
        return (
          `thread ${t} is ${s.phase[t]} with preemption disabled, which OSv forbids: ` +
          `thread::wait_until() asserts preemptable() before it sleeps`
        );
      },
    );
  }

  if (sharesCpu) {
    props['another thread uses the FPU while a first-syscall setup sleeps in malloc'] = sometimes((s) =>
      threads.some((t) => {
        const other = s.running[w.cpuOf(t)];
        return s.phase[t] === 'asleep in malloc' && other !== null && s.fpuRegisters[w.cpuOf(t)] === own(other);
      }),
    );
  }
  if (design.fpuLockInSetup && w.newcomers.length > 0) {
    props["a setup resumes with foreign FPU values while fpu_lock keeps the caller's"] = sometimes((s) =>
      threads.some(
        (t) => w.isRunning(s, t) && s.phase[t] === 'stack copied' && s.fpuRegisters[w.cpuOf(t)] !== own(t) && s.lockSavedFpu[t] === own(t),
      ),
    );
  }
  if (p.pageFaults && sharesCpu) {
    props['a nested exception runs while a first-syscall setup is switched away on its CPU'] = sometimes((s) =>
      threads.some((t) => s.exception[t] === 'nested exception' && w.isRunning(s, t) && threads.some((u) => w.cpuOf(u) === w.cpuOf(t) && onSetupStack(s, u))),
    );
  }
  props['every thread returns from its first syscall'] = sometimes((s) => threads.every((t) => s.phase[t] === 'back in user code'));
  // A thread never re-enters its first syscall, so "whenever one is inside, a state follows where
  // none is" says that every first syscall completes.
  const inside = (s: DeepState) => threads.filter((t) => s.phase[t] !== 'user code' && s.phase[t] !== 'back in user code');
  props[EVERY_SYSCALL_COMPLETES] = leadsTo(
    (s) => inside(s).length > 0,
    (s) => inside(s).length === 0,
    (s) => `${inside(s).map((t) => `thread ${t} (${s.phase[t]})`).join(' and ')} never ${inside(s).length === 1 ? 'returns' : 'return'} to its Go code`,
  );
  return props;
}

/**
 * "No two threads use one per-CPU stack at once": its users are the setups running on it and,
 * on the per-CPU exception stack, the nested exceptions of the CPU's threads.
 */
function perCpuStackExclusive(w: World): Property<State> {
  const { threads, cpus, design } = w;
  const nestedOnIt = design.setupStack === 'per-CPU exception stack';
  const isSetup = (s: DeepState, t: number) => SETUP_PHASES.has(s.phase[t]);
  const users = (s: DeepState, c: number) =>
    threads.filter((t) => w.cpuOf(t) === c && (isSetup(s, t) || (nestedOnIt && s.exception[t] === 'nested exception')));
  const frameOf = (s: DeepState, t: number) =>
    isSetup(s, t)
      ? `the ${s.stackBytes[t]} bytes of thread ${t}'s setup frame (${s.lockSavedFpu[t] === null ? 'its return addresses' : 'its return addresses and saved FPU registers'})`
      : `thread ${t}'s nested exception frame`;
  const whatOf = (s: DeepState, t: number) => (isSetup(s, t) ? `thread ${t}'s setup_large_syscall_stack() frame` : `thread ${t}'s nested exception frame`);
  const stateOf = (s: DeepState, t: number) => (SLEEPING.has(s.phase[t]) ? s.phase[t] : `preempted ${w.placeOf(s, t)}`);

  return always(
    (s) => cpus.every((c) => users(s, c).length <= 1),
    (s) => {
      const c = cpus.find((k) => users(s, k).length > 1)!;
      const on = users(s, c);
      // The thread on the CPU came last: the other one was switched away while it used the stack.
      const second = on.find((t) => w.isRunning(s, t)) ?? on[1];
      const first = on.find((t) => t !== second)!;
      return (
        `threads ${first} and ${second} both use ${w.perCpuStackName(c)}: ${whatOf(s, second)} starts at its top, ` +
        `over ${frameOf(s, first)}, while thread ${first} is ${stateOf(s, first)}`
      );
    },
  );
}
