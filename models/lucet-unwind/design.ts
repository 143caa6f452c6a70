import { z } from 'zod';

/**
 * The model's parameters: the size of the guest stack and of Lucet's hostcall reservation, how
 * deep hostcalls nest, whether guest code may fault, and what hostcall code does with a
 * poisoned lock. A variant may set its own defaults.
 */
export const Params = z.object({
  depth: z.number().int().min(4).max(8).default(4).describe('guest stack capacity, in frames'),
  segments: z
    .number()
    .int()
    .min(1)
    .max(4)
    .default(2)
    .describe('hostcall segments that may nest (2: req_get_headers -> malloc -> grow_memory; each more wraps it in hostcall_foo -> handler)'),
  headroom: z
    .number()
    .int()
    .min(0)
    .max(2)
    .default(1)
    .describe("frames Lucet's hostcall trampolines keep free for hostcalls (Limits::hostcall_reservation; 0: no check)"),
  guestFaults: z.boolean().default(true).describe('guest code may fault: SIGFPE, and calls with no room left on the stack'),
  onPoisonedLock: z
    .enum(['recover', 'unwrap'])
    .default('recover')
    .describe("what req_get_headers does when lock() returns a PoisonError: take the guard anyway, or unwrap() and panic"),
});
/** The parameters, parsed, with defaults filled in. */
export type Params = z.output<typeof Params>;

/**
 * What distinguishes one unwinding design from another: how a termination raised in a
 * hostcall and a signal in guest code get control back to the host, and what reset does with
 * the stack they leave behind. Every field is one mechanism, so a test can switch one off.
 */
export interface Design {
  /**
   * How a termination (`lucet_hostcall_terminate!`, a panic) raised in a hostcall travels.
   *
   * - `swap`: `Vmctx::terminate` swaps straight to the host context; nothing is unwound.
   * - `catch in hostcall`: PR 157. The panic unwinds the current hostcall and is caught by the
   *   `catch_unwind` at that hostcall's boundary; see `reraise` for what happens next.
   * - `unwind to run`: the panic unwinds every frame, guest frames included (Cranelift's unwind
   *   info), and is caught by the `catch_unwind` in `Instance::run` on the host side.
   * - `return None`: the seed's error-propagation strawman. The hostcall's `catch_unwind` returns
   *   None to its guest caller; guest code returns None from any call that gave None, hostcall
   *   code does the same (`?`), and `Instance::run` turns the None into the termination.
   */
  readonly termination: 'swap' | 'catch in hostcall' | 'unwind to run' | 'return None';
  /**
   * With `catch in hostcall`: once the hostcall's catch has run, whether the termination is
   * re-raised in the enclosing hostcall segment, skipping the guest frames between.
   *
   * - `none`: the catch swaps to the host context (PR 157).
   * - `every segment`: re-raised while the instance is inside a hostcall, "keeping track of how
   *   many hostcalls we're in" — a count.
   * - `once`: re-raised into the next segment only, as if the runtime kept a flag ("in a nested
   *   hostcall") instead of a count. Indistinguishable from `every segment` with two segments.
   */
  readonly reraise: 'none' | 'once' | 'every segment';
  /**
   * What Lucet's signal handler does after a fault in guest code (a trap, a stack overflow).
   *
   * - `swap to host`: marks the instance faulted and switches to the host context; the stack stays.
   * - `return None`: the strawman's guess, "return from the handler into the previous stack
   *   frame with a None": the faulting call returns None to its caller.
   */
  readonly signal: 'swap to host' | 'return None';
  /** Reset unwinds a stopped guest stack with force_unwind; otherwise it just throws it away. */
  readonly forceUnwind: boolean;
  /**
   * Once force_unwind has unwound the stack, the instance forgets the guest context it stopped
   * in (its state becomes ready), so that another reset finds nothing left to unwind.
   */
  readonly forgetsStopPoint: boolean;
  /**
   * Whether force_unwind first makes the guard page below the guest stack writable (the stack
   * redzone), so that its frame fits on a full stack.
   *
   * - `none`: the guard page stays PROT_NONE.
   * - `reprotected`: writable for the unwind, protected again once the unwind is caught.
   * - `left writable`: writable for the unwind, and left so.
   */
  readonly redzone: 'none' | 'reprotected' | 'left writable';
}

/** The variants' names, in the order the verdict table shows them. */
export const VARIANTS = [
  'no-unwinding',
  'catch-per-hostcall',
  'catch-and-reraise',
  'catch-and-reraise-signal',
  'catch-in-run',
  'error-propagation',
  'force-unwind',
  'overflow-guard-protected',
  'poisoned-lock',
] as const;
/** A variant's name. */
export type Variant = (typeof VARIANTS)[number];

const NO_FORCE_UNWIND = { forceUnwind: false, forgetsStopPoint: true, redzone: 'none' } as const;
const PR_157 = { termination: 'catch in hostcall', signal: 'swap to host', ...NO_FORCE_UNWIND } as const;
const FORCE_UNWIND = {
  termination: 'unwind to run',
  reraise: 'none',
  signal: 'swap to host',
  forceUnwind: true,
  forgetsStopPoint: true,
  redzone: 'reprotected',
} as const satisfies Design;

/** The design each variant builds. */
export const DESIGNS: Readonly<Record<Variant, Design>> = {
  'no-unwinding': { termination: 'swap', reraise: 'none', signal: 'swap to host', ...NO_FORCE_UNWIND },
  'catch-per-hostcall': { ...PR_157, reraise: 'none' },
  'catch-and-reraise': { ...PR_157, reraise: 'every segment' },
  'catch-and-reraise-signal': { ...PR_157, reraise: 'every segment' },
  'catch-in-run': { termination: 'unwind to run', reraise: 'none', signal: 'swap to host', ...NO_FORCE_UNWIND },
  'error-propagation': { termination: 'return None', reraise: 'none', signal: 'return None', ...NO_FORCE_UNWIND },
  'force-unwind': FORCE_UNWIND,
  'overflow-guard-protected': { ...FORCE_UNWIND, redzone: 'none' },
  'poisoned-lock': FORCE_UNWIND,
};
