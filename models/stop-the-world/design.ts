/**
 * How a sleeper's syscall reacts to a suspend signal:
 * - `interruptible`: a signal interrupts it (the handler runs, then the call is restarted);
 * - `signals-blocked`: the thread blocked every signal (pthread_sigmask) around the call;
 * - `uninterruptible`: the kernel sleeps non-interruptibly until the server answers;
 * - `gc-do-blocking`: as uninterruptible, but wrapped in bdwgc's GC_do_blocking.
 */
export type SleepKind = 'interruptible' | 'signals-blocked' | 'uninterruptible' | 'gc-do-blocking';

/** The choices both protocols share: which threads are registered, and what else they do. */
export interface SharedDesign {
  /**
   * Thread 0 is not registered with the collector: `none` (it is), `bystander` (it never
   * touches the GC heap) or `heap-user` (it loads a heap pointer anyway).
   */
  readonly unregistered: 'none' | 'bystander' | 'heap-user';
  /**
   * The collection calls into a library that takes a lock a mutator also takes (under
   * signals bdwgc's dl_iterate_phdr, which takes the dynamic linker's lock that dlopen holds;
   * under pinspect the thread list pthread_stop_world_np mallocs, under malloc's lock): it
   * does so before it stops the world, or with the world stopped. Absent: no such call.
   */
  readonly libraryCall?: 'before-stop' | 'with-world-stopped';
  /** Thread 0 does not exist at first: thread 1 creates it, handing it X, and it exits later. */
  readonly newThread?: {
    /**
     * GC_pthread_create: the parent keeps the start argument in `si` on its own stack and
     * waits in sem_wait until the child has registered. Otherwise the child gets the argument
     * in a register and registers itself afterwards (plain pthread_create, then
     * GC_register_my_thread).
     */
    readonly parentWaitsForRegistration: boolean;
    /** GC_thread_exit_proc: the thread unregisters, under the allocation lock, before it dies. */
    readonly unregistersAtExit: boolean;
  };
}

/** bdwgc's signal protocol (pthread_stop_world.c), and what its threads do. */
export interface SignalsDesign extends SharedDesign {
  readonly mechanism: 'signals';
  /** A collection runs under bdwgc's allocation lock (one stopper at a time). */
  readonly gcLock: boolean;
  /** How the sleepers' syscalls react to the suspend signal. */
  readonly sleep: SleepKind;
  /** The suspend handler stores its stack pointer before it posts the ack (GC_store_stack_ptr, then sem_post). */
  readonly saveBeforeAck: boolean;
  /**
   * GC_do_blocking pushes the callee-saved registers onto the stack before it records the
   * stack pointer (GC_with_callee_saves_pushed), so a pointer held in one is scanned.
   */
  readonly calleeSavesPushed: boolean;
}

/** The proposed pinspect(2) kernel call, as thorpej sketches it, and what the collector reads. */
export interface PinspectDesign extends SharedDesign {
  readonly mechanism: 'pinspect';
  /**
   * The kernel lets one inspector in at a time: a second PI_STOP waits in the kernel, and an
   * inspector's check that every other LWP is halted and its return to user mode are one
   * step under the LWP-list lock. Without it, two PI_STOP calls proceed side by side and each
   * may find the other still inside the kernel before either returns.
   */
  readonly serialised: boolean;
  /** Every LWP must park in userret before PI_STOP returns (what PI_SETCONTEXT would need). */
  readonly everyLwpInUserret: boolean;
  /** The collector scans the registers PI_GETCONTEXT returns, not only the stack above the stack pointer. */
  readonly registersScanned: boolean;
  /**
   * The scan starts 128 bytes below the stack pointer PI_GETCONTEXT returns (the x86-64 red
   * zone, where a leaf function may keep data without moving the stack pointer).
   */
  readonly redZoneScanned: boolean;
}

/** The design a variant checks: which stop-the-world protocol, how it is built, what the threads do. */
export type Design = SignalsDesign | PinspectDesign;
