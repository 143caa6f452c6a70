/**
 * What distinguishes one unwinding design from another: how a hostcall's termination stops
 * the guest, what reset does with a stopped guest stack, and how close to its guard page the
 * guest stack may get.
 */
export interface Design {
  /**
   * How a termination raised in a hostcall gets control back to the host.
   *
   * - `swap`: `Vmctx::terminate` swaps straight to the host context; nothing is unwound.
   * - `catch in hostcall`: PR 157. The panic unwinds the current hostcall segment and is caught
   *   by the `catch_unwind` at that hostcall's boundary, which swaps to the host context.
   * - `catch and re-raise`: as PR 157, but while the instance is still inside an outer hostcall
   *   the termination is re-raised in that segment, until every hostcall segment is unwound.
   * - `unwind to run`: the panic unwinds every frame, guest frames included (Cranelift's unwind
   *   info), and is caught by the `catch_unwind` in `Instance::run` on the host side.
   */
  readonly termination: 'swap' | 'catch in hostcall' | 'catch and re-raise' | 'unwind to run';
  /** Reset unwinds a stopped guest stack with force_unwind; otherwise it just throws it away. */
  readonly forceUnwind: boolean;
  /**
   * The guest may recurse until its stack is full, so its next call hits the guard page.
   * Otherwise the guest's calls stay at least a frame away from the guard page.
   */
  readonly guestOverflows: boolean;
  /** force_unwind makes the guard page writable (the stack redzone) before it pushes its frame. */
  readonly unprotectGuard: boolean;
}

/** The variants' names, in the order the verdict table shows them. */
export const VARIANTS = [
  'no-unwinding',
  'catch-per-hostcall',
  'catch-and-reraise',
  'force-unwind',
  'overflow-guard-protected',
  'overflow-guard-writable',
] as const;
/** A variant's name. */
export type Variant = (typeof VARIANTS)[number];

/** The design each variant builds. */
export const DESIGNS: Readonly<Record<Variant, Design>> = {
  'no-unwinding': { termination: 'swap', forceUnwind: false, guestOverflows: false, unprotectGuard: false },
  'catch-per-hostcall': { termination: 'catch in hostcall', forceUnwind: false, guestOverflows: false, unprotectGuard: false },
  'catch-and-reraise': { termination: 'catch and re-raise', forceUnwind: false, guestOverflows: false, unprotectGuard: false },
  'force-unwind': { termination: 'unwind to run', forceUnwind: true, guestOverflows: false, unprotectGuard: false },
  'overflow-guard-protected': { termination: 'unwind to run', forceUnwind: true, guestOverflows: true, unprotectGuard: false },
  'overflow-guard-writable': { termination: 'unwind to run', forceUnwind: true, guestOverflows: true, unprotectGuard: true },
};
