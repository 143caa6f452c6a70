import { deadlocks, defineModel, holds, violates } from 'interleave';
import { pinspectSystem } from './pinspect.js';
import { Params, rolesOf, type Design } from './roles.js';
import { signalsSystem } from './signals.js';

const seed = 'seed 002: bdwgc issue #207, "New kernel API proposal (NetBSD)"';

/** The design each variant checks. */
const designs = {
  signals: { mechanism: 'signals', gcLock: true, sleep: 'interruptible', everyLwpInUserret: false, unregistered: 'none' },
  'signals-no-lock': { mechanism: 'signals', gcLock: false, sleep: 'interruptible', everyLwpInUserret: false, unregistered: 'none' },
  'signals-blocked': { mechanism: 'signals', gcLock: true, sleep: 'signals-blocked', everyLwpInUserret: false, unregistered: 'none' },
  'signals-uninterruptible': { mechanism: 'signals', gcLock: true, sleep: 'uninterruptible', everyLwpInUserret: false, unregistered: 'none' },
  'signals-do-blocking': { mechanism: 'signals', gcLock: true, sleep: 'gc-do-blocking', everyLwpInUserret: false, unregistered: 'none' },
  pinspect: { mechanism: 'pinspect', gcLock: false, sleep: 'uninterruptible', everyLwpInUserret: false, unregistered: 'none' },
  'pinspect-setcontext': { mechanism: 'pinspect', gcLock: false, sleep: 'uninterruptible', everyLwpInUserret: true, unregistered: 'none' },
  'pinspect-unregistered': { mechanism: 'pinspect', gcLock: false, sleep: 'uninterruptible', everyLwpInUserret: false, unregistered: 'heap-user' },
  'pinspect-registered-only': { mechanism: 'pinspect', gcLock: false, sleep: 'uninterruptible', everyLwpInUserret: false, unregistered: 'bystander' },
} as const satisfies Record<string, Design>;

/**
 * Stopping the world for a garbage collector: bdwgc's suspend/restart signals against the
 * pinspect(2) kernel call proposed for NetBSD (seed 002). Any registered thread may start a
 * collection; some threads sleep in a syscall waiting for another thread; one heap object X,
 * first referenced from a global root, shows whether every live pointer is seen.
 */
export default defineModel({
  name: 'stop-the-world',
  summary: "Stopping the world for a GC: bdwgc's suspend signals versus the pinspect(2) kernel call",
  params: Params,
  variants: {
    signals: {
      summary: 'bdwgc under the allocation lock; the sleeper reads a pipe, so the suspend signal interrupts it: holds',
      source: `${seed}; bdwgc pthread_stop_world.c (GC_stop_world, GC_suspend_handler, GC_start_world)`,
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
      summary: 'the non-interruptible sleep wrapped in GC_do_blocking: the collector skips the thread and scans from its saved stack pointer',
      source: 'bdwgc GC_do_blocking / GC_do_blocking_inner (pthread_support.c): how bdwgc copes today',
      expect: holds(),
    },
    pinspect: {
      summary: 'the kernel serialises inspectors and parks LWPs in userret; a thread in a syscall counts as stopped',
      source: `${seed}: thorpej's kernel sketch (inspect-pending, IPI, park in userret) and krytarowski's serialisation`,
      expect: holds(),
    },
    'pinspect-setcontext': {
      summary: 'pinspect where every LWP must reach userret (PI_SETCONTEXT): a syscall waiting on a parked thread never gets there',
      source: `${seed}: krytarowski, "I would need to enforce all LWPs to wait in userret() ... it might lock up"`,
      expect: deadlocks(),
    },
    'pinspect-unregistered': {
      summary: 'thread 0 is not registered but loads a heap pointer: the collector never scans its stack',
      source: `${seed}: ivmai, "We should repeat only for each registered thread"`,
      expect: violates('every live value is visible to the GC'),
    },
    'pinspect-registered-only': {
      summary: 'thread 0 is not registered and never touches the heap: only registered threads hold heap pointers',
      source: `${seed}: ivmai, registration by GC_register_my_thread`,
      expect: holds(),
    },
  },
  build: ({ params, variant }) => {
    const design: Design = designs[variant];
    const roles = rolesOf(params, design);
    return design.mechanism === 'signals' ? signalsSystem(roles, design) : pinspectSystem(roles, design);
  },
});
