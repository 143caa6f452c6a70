import { deadlocks, defineModel, holds, violates, type System } from 'interleave-check';
import type { Design, PinspectDesign, SignalsDesign } from './design.js';
import { pinspectSystem } from './pinspect.js';
import { everyLiveValueVisible } from './properties.js';
import { Params, rolesOf } from './roles.js';
import { signalsSystem } from './signals.js';

const seed = 'seed 002: bdwgc issue #207, "New kernel API proposal (NetBSD)"';

/** bdwgc as it is: one stopper under the allocation lock, the handler saves its context before it acks. */
const bdwgc: SignalsDesign = {
  mechanism: 'signals',
  gcLock: true,
  sleep: 'interruptible',
  saveBeforeAck: true,
  calleeSavesPushed: true,
  unregistered: 'none',
};

/** pinspect(2) as thorpej sketches it, read by a collector that scans registers and the red zone. */
const thorpej: PinspectDesign = {
  mechanism: 'pinspect',
  serialised: true,
  everyLwpInUserret: false,
  registersScanned: true,
  redZoneScanned: true,
  unregistered: 'none',
};

/** The thread lifecycle as bdwgc's GC_pthread_create and GC_thread_exit_proc run it. */
const gcThreads = { parentWaitsForRegistration: true, unregistersAtExit: true };

/**
 * The design each variant checks. A test weakens a fixed variant by building it with one of
 * these fields changed (see `buildStopTheWorld`).
 */
export const designs = {
  signals: bdwgc,
  'signals-no-lock': { ...bdwgc, gcLock: false },
  'signals-blocked': { ...bdwgc, sleep: 'signals-blocked' },
  'signals-uninterruptible': { ...bdwgc, sleep: 'uninterruptible' },
  'signals-do-blocking': { ...bdwgc, sleep: 'gc-do-blocking' },
  'signals-dl-iterate-early': { ...bdwgc, libraryCall: 'before-stop' },
  'signals-dl-iterate-stopped': { ...bdwgc, libraryCall: 'with-world-stopped' },
  'signals-new-thread': { ...bdwgc, newThread: gcThreads },
  'signals-exit-unregistered': { ...bdwgc, newThread: { ...gcThreads, unregistersAtExit: false } },
  pinspect: thorpej,
  'pinspect-setcontext': { ...thorpej, everyLwpInUserret: true },
  'pinspect-raw-sp': { ...thorpej, redZoneScanned: false },
  'pinspect-list-early': { ...thorpej, libraryCall: 'before-stop' },
  'pinspect-list-stopped': { ...thorpej, libraryCall: 'with-world-stopped' },
  'pinspect-new-thread': { ...thorpej, newThread: gcThreads },
  'pinspect-unregistered': { ...thorpej, unregistered: 'heap-user' },
  'pinspect-registered-only': { ...thorpej, unregistered: 'bystander' },
} as const satisfies Record<string, Design>;

/**
 * Builds the system for any design, not only the variants': what a test uses to take one
 * mechanism out of a fixed variant (`{ ...designs.signals, saveBeforeAck: false }`) and see
 * the failure it prevents.
 */
export function buildStopTheWorld(params: Params, design: Design): System {
  const roles = rolesOf(params, design);
  return design.mechanism === 'signals' ? signalsSystem(roles, design) : pinspectSystem(roles, design);
}

/**
 * Stopping the world for a garbage collector: bdwgc's suspend/restart signals against the
 * pinspect(2) kernel call proposed for NetBSD (seed 002). Any registered thread may start a
 * collection; some threads sleep in a syscall waiting for another thread; one heap object X,
 * first referenced from a global root, shows whether every live pointer is seen in the
 * contexts the collector reads.
 */
export default defineModel({
  name: 'stop-the-world',
  summary: "Stopping the world for a GC: bdwgc's suspend signals versus the pinspect(2) kernel call",
  params: Params,
  variants: {
    signals: {
      summary: 'bdwgc under the allocation lock; the handler saves its context, then acks; the sleeper reads a pipe, so the signal interrupts it: holds',
      source: `${seed}; bdwgc pthread_stop_world.c (GC_stop_world, GC_suspend_handler_inner, GC_start_world)`,
      expect: holds(),
    },
    'signals-no-lock': {
      summary: 'two threads stop the world at once without the GC lock: each is suspended by the other’s signal',
      source: `${seed}: dvyukov, "if we want/can support multiple thread doing this at the same time"`,
      expect: deadlocks(),
    },
    'signals-blocked': {
      summary: 'the sleeper blocked every signal and waits for a thread the collector stopped: no ack, ever',
      source: `${seed}; a thread that blocks the suspend signal never acknowledges`,
      expect: deadlocks(),
    },
    'signals-uninterruptible': {
      summary: 'the sleeper sleeps non-interruptibly waiting for a thread the collector stopped: no ack, ever',
      source: `${seed}: krytarowski, "some syscalls are noninterruptably blocking.. so it might lock up"`,
      expect: deadlocks(),
    },
    'signals-do-blocking': {
      summary: 'the non-interruptible sleep wrapped in GC_do_blocking: the collector skips the thread and scans from the stack pointer it saved, registers pushed',
      source: 'bdwgc GC_do_blocking / GC_do_blocking_inner (misc.c, pthread_support.c): how bdwgc copes today',
      expect: holds(),
    },
    'signals-dl-iterate-early': {
      summary: 'a thread calls dlopen; the collector walks the loaded libraries before it stops the world (REGISTER_LIBRARIES_EARLY): holds',
      source: 'bdwgc gcconfig.h: "dl_iterate_phdr ... may acquire an internal lock. This is not safe after the world has stopped"',
      expect: holds(),
      params: { sleepers: 0 },
    },
    'signals-dl-iterate-stopped': {
      summary: 'the collector walks the loaded libraries with the world stopped, while a stopped thread is inside dlopen holding the lock',
      source: `${seed}: dvyukov, "make sure that that other API works with pinspect (e.g. doesn't deadlock)"; bdwgc GC_push_roots without REGISTER_LIBRARIES_EARLY`,
      expect: deadlocks(),
      params: { sleepers: 0 },
    },
    'signals-new-thread': {
      summary: 'thread 1 creates thread 0 with X as argument (GC_pthread_create waits for registration); thread 0 exits through GC_thread_exit_proc: holds',
      source: 'bdwgc pthread_support.c: GC_pthread_create (sem_wait on si.registered), GC_start_rtn_prepare_thread, GC_thread_exit_proc',
      expect: holds(),
      params: { sleepers: 0 },
    },
    'signals-exit-unregistered': {
      summary: 'the new thread exits without unregistering while a stop is under way: its pending suspend signal dies with it, and no ack ever comes',
      source: 'bdwgc gc.h: "A manually registered thread requires manual unregistering"; GC_suspend_all treats ESRCH as "not really there anymore"',
      expect: deadlocks(),
      params: { sleepers: 0 },
    },
    pinspect: {
      summary: 'the kernel serialises inspectors and parks LWPs in userret; a thread in a syscall counts as stopped; the scan covers registers and the red zone',
      source: `${seed}: thorpej's kernel sketch (inspect-pending, IPI, park in userret) and krytarowski's serialisation`,
      expect: holds(),
      params: { leafCallers: 1 },
    },
    'pinspect-setcontext': {
      summary: 'pinspect where every LWP must reach userret (PI_SETCONTEXT): a syscall waiting on a parked thread never gets there',
      source: `${seed}: krytarowski, "I would need to enforce all LWPs to wait in userret() ... it might lock up"`,
      expect: deadlocks(),
      neverEnabled: { becomeInspector: 'the world never stops: a syscall waiting on a parked thread never reaches userret (the deadlock this variant shows)' },
    },
    'pinspect-raw-sp': {
      summary: 'the collector scans from the raw stack pointer PI_GETCONTEXT returns: a leaf function’s red zone below it is missed',
      source: `${seed}: krytarowski, "read SP register (with _UC_MACHINE_SP; we might want to do some redzone gymnastics ...)"`,
      expect: violates(everyLiveValueVisible),
      params: { leafCallers: 1 },
    },
    'pinspect-list-early': {
      summary: 'a thread calls malloc; the inspector allocates the thread list before PI_STOP: holds',
      source: `${seed}: krytarowski's pthread_stop_world_np "allocate and return a buffer with a pthread_t array"; dvyukov, "doesn't deadlock"`,
      expect: holds(),
      params: { sleepers: 0 },
    },
    'pinspect-list-stopped': {
      summary: 'pthread_stop_world_np mallocs the thread list after PI_STOP, while a parked thread is inside malloc holding its lock',
      source: `${seed}: dvyukov, "we need to make sure that that other API works with pinspect (e.g. doesn't deadlock)"`,
      expect: deadlocks(),
      params: { sleepers: 0 },
    },
    'pinspect-new-thread': {
      summary: 'thread 1 creates thread 0 with X as argument and waits for it to register; thread 0 unregisters as it exits; the kernel parks the new LWP like any other: holds',
      source: `${seed}: ivmai, "only for each registered thread"; bdwgc GC_pthread_create and GC_thread_exit_proc`,
      expect: holds(),
      params: { sleepers: 0 },
    },
    'pinspect-unregistered': {
      summary: 'thread 0 is not registered but loads a heap pointer: the collector never scans its stack',
      source: `${seed}: ivmai, "We should repeat only for each registered thread"`,
      expect: violates(everyLiveValueVisible),
    },
    'pinspect-registered-only': {
      summary: 'thread 0 is not registered and never touches the heap: only registered threads hold heap pointers',
      source: `${seed}: ivmai, registration by GC_register_my_thread`,
      expect: holds(),
    },
  },
  build: ({ params, variant }) => buildStopTheWorld(params, designs[variant]),
});
