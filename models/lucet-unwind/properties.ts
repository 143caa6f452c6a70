import { always, sometimes, type Property } from 'interleave';
import type { Design } from './design.js';
import { holdsBuffer, holdsLock, holdsResources, stackText, top, type State, type View } from './stack.js';

/** Property names, as verdicts and expectations use them. */
export const LEAK = 'no resource is held by a frame that no longer exists';
export const DESTRUCTORS = "every host frame's destructor runs exactly once";
export const FATAL = 'no fatal fault';
export const GUARD = 'the guard page is protected while guest code runs';
export const NESTED_TERMINATION = "a nested hostcall terminates the instance while req_get_headers holds the lock and buffer";
export const GUEST_FAULT = 'guest code faults while req_get_headers holds the lock and buffer';
export const OVERFLOW = 'the guest stack overflows while req_get_headers holds the lock and buffer';
export const UNWIND_FULL_STACK = 'force_unwind unwinds a full guest stack through the writable guard page';
export const LATER_RUN_DONE = 'the later run takes the headers lock and finishes';

/** What is still held with no frame on the guest stack owning it: the resource, and the frame's value that owned it. */
function orphans(s: View): { readonly resource: string; readonly value: string }[] {
  const out: { resource: string; value: string }[] = [];
  if (s.headersLock && !s.stack.some(holdsLock)) out.push({ resource: 'the headers lock is still locked', value: 'MutexGuard' });
  if (s.headerBuffer && !s.stack.some(holdsBuffer)) out.push({ resource: 'the header buffer is still allocated', value: 'Vec' });
  return out;
}

/** The orphans in one sentence: "the headers lock is still locked (its MutexGuard ...)". */
function orphanText(s: View): string {
  const o = orphans(s);
  const values = o.map((x) => x.value).join(' and ');
  return `${o.map((x) => x.resource).join(' and ')}, but no frame on the guest stack (${stackText(s.stack)}) owns ${
    o.length > 1 ? 'them' : 'it'
  }: ${o.length > 1 ? 'their' : 'its'} ${values} lived in a req_get_headers frame that is gone`;
}

const reqHolds = (s: View): boolean => s.stack.some((f) => f.fn === 'req_get_headers' && holdsResources(f));

/**
 * The properties of one design. Safety: resources and destructors (the leak), fatal faults, the
 * guard page; the later run's deadlock freedom is the system's `final` predicate. Reachability
 * checks show that the dangerous paths are really taken, each only where the design and the
 * parameters make it possible.
 */
export function propertiesFor(design: Design, depth: number, guestFaults: boolean): Record<string, Property<State>> {
  const properties: Record<string, Property<State>> = {
    [LEAK]: always(
      (s) => orphans(s).length === 0,
      (s) => `${orphanText(s)}, never unwound`,
    ),
    // In this model a host frame's only RAII values are the guard and the buffer, so a frame
    // that disappears without its destructor leaves exactly the orphans above; a second run of
    // a destructor would find them already released. Both properties fail in the same states.
    [DESTRUCTORS]: always(
      (s) => orphans(s).length === 0,
      (s) =>
        `a req_get_headers frame left the guest stack (now ${stackText(s.stack)}) with its destructor run zero times: ` +
        `its ${orphans(s).map((x) => x.value).join(' and ')} were never dropped, so ${orphans(s).map((x) => x.resource).join(' and ')}`,
    ),
    [FATAL]: always(
      (s) => s.phase !== 'fatal',
      (s) =>
        `force_unwind found no room on the full guest stack (${stackText(s.stack)}, ${depth} of ${depth} frames): ` +
        `the frame it pushed for initiate_unwind hit the guard page, still PROT_NONE, from runtime code, so Lucet ` +
        `calls the fault fatal; the fatal handler panics in the embedder and the stack is never unwound` +
        (reqHolds(s) ? ', so req_get_headers never releases the headers lock and its buffer' : ''),
    ),
    [GUARD]: always(
      (s) => !(s.phase === 'running' || s.phase === 'later run') || s.guardPage === 'protected',
      () => 'guest code runs while the page below its stack is writable: a stack overflow would go unnoticed',
    ),
    [NESTED_TERMINATION]: sometimes(
      (s) => (s.phase === 'panicking' || s.phase === 'terminated') && top(s)?.fn === 'grow_memory' && reqHolds(s),
    ),
    [LATER_RUN_DONE]: sometimes((s) => s.phase === 'done'),
  };
  if (guestFaults) properties[GUEST_FAULT] = sometimes((s) => s.phase === 'faulted' && reqHolds(s));
  if (guestFaults && design.guestOverflows) {
    properties[OVERFLOW] = sometimes((s) => s.phase === 'faulted' && s.stack.length === depth && reqHolds(s));
  }
  if (guestFaults && design.unprotectGuard) {
    properties[UNWIND_FULL_STACK] = sometimes(
      (s) => s.phase === 'unwinding' && s.guardPage === 'writable' && s.stack.length === depth && reqHolds(s),
    );
  }
  return properties;
}
