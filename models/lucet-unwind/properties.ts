import { always, sometimes, type Property } from 'interleave-check';
import type { Design, Params } from './design.js';
import {
  holdsBuffer,
  holdsFooBuffer,
  holdsLock,
  holdsResources,
  hostFrames,
  isHost,
  live,
  stackText,
  top,
  type FrameView,
  type State,
  type View,
} from './stack.js';

/** Property names, as verdicts and expectations use them. */
export const LEAK = 'no resource is held by a frame that no longer exists';
export const DESTRUCTORS = "every host frame's destructor runs exactly once";
export const FATAL = 'no fatal fault';
export const GUARD = 'the guard page is protected while guest code runs';
export const POISON = 'no later run fails on a poisoned headers lock';
export const NESTED_TERMINATION = 'the innermost hostcall terminates the instance while every enclosing hostcall holds its resources';
export const GUEST_FAULT = 'guest code traps while req_get_headers holds the lock and buffer';
export const OVERFLOW = 'the guest stack overflows while req_get_headers holds the lock and buffer';
export const UNWIND_FULL_STACK = 'force_unwind unwinds a full guest stack through the writable guard page';
export const POISONED_LATER_RUN = 'the later run finds the headers lock poisoned';
export const LATER_RUN_DONE = 'the later run takes the headers lock and finishes';

/** A resource still held with no live frame owning it, the value that owned it, and that value's frame. */
interface Orphan {
  readonly resource: string;
  readonly value: string;
  readonly owner: string;
}

/** What is still held with no live frame on the guest stack owning it. */
function orphans(s: View): Orphan[] {
  const frames = live(s);
  const out: Orphan[] = [];
  if (s.headersLock && !frames.some(holdsLock)) out.push({ resource: 'the headers lock is still locked', value: 'MutexGuard', owner: 'req_get_headers' });
  if (s.headerBuffer && !frames.some(holdsBuffer)) out.push({ resource: 'the header buffer is still allocated', value: 'Vec', owner: 'req_get_headers' });
  const lost = s.fooBuffers - frames.filter(holdsFooBuffer).length;
  if (lost > 0) {
    out.push({ resource: `${lost > 1 ? `${lost} hostcall_foo scratch buffers are` : 'a hostcall_foo scratch buffer is'} still allocated`, value: 'scratch Vec', owner: 'hostcall_foo' });
  }
  return out;
}

/** The orphans in one sentence: "the headers lock is still locked ..., but no frame ... owns it: ...". */
function orphanText(s: View): string {
  const o = orphans(s);
  const owners = [...new Set(o.map((x) => x.owner))];
  const many = o.length > 1;
  return (
    `${o.map((x) => x.resource).join(' and ')}, but no frame on the guest stack (${stackText(live(s))}) owns ${many ? 'them' : 'it'}: ` +
    `${many ? 'their' : 'its'} ${o.map((x) => x.value).join(' and ')} lived in ${owners.length > 1 ? `${owners.join(' and ')} frames that are` : `a ${owners[0]} frame that is`} gone`
  );
}

/** A frame in stack memory whose destructors ran more than once. */
const droppedTwice = (s: View): FrameView | undefined => s.stack.find((f) => f.drops > 1);

const reqHolds = (s: View): boolean => live(s).some((f) => f.fn === 'req_get_headers' && holdsResources(f));

/**
 * The properties of one design. Safety: resources and destructors, fatal faults, the guard
 * page, poisoned locks; the later run's deadlock freedom is the system's `final` predicate.
 * Reachability checks show that the dangerous paths are really taken, each only where the
 * design and the parameters make it possible.
 */
export function propertiesFor(design: Design, params: Params): Record<string, Property<State>> {
  const { depth, segments, guestFaults } = params;
  const properties: Record<string, Property<State>> = {
    [LEAK]: always(
      (s) => orphans(s).length === 0,
      (s) => `${orphanText(s)}, never unwound`,
    ),
    // "Zero times" leaves an orphan, so it fails where the leak property fails; "twice" is
    // counted on the frame itself.
    [DESTRUCTORS]: always(
      (s) => droppedTwice(s) === undefined && orphans(s).length === 0,
      (s) => {
        const twice = droppedTwice(s);
        if (twice !== undefined) {
          const what = holdsBuffer(twice)
            ? ': its header Vec was freed twice and its MutexGuard unlocked the headers lock a second time'
            : holdsFooBuffer(twice)
              ? ': its scratch Vec was freed twice'
              : '';
          return `the destructors of a ${twice.fn} frame ran twice, the unwinder going through it after it had already dropped its values${what}: undefined behaviour`;
        }
        return (
          `a frame left the guest stack (now ${stackText(live(s))}) with its destructor run zero times: its ` +
          `${orphans(s).map((x) => x.value).join(' and ')} were never dropped, so ${orphans(s).map((x) => x.resource).join(' and ')}`
        );
      },
    ),
    [FATAL]: always(
      (s) => s.phase !== 'fatal',
      (s) =>
        (s.savedContext !== null
          ? `force_unwind found no room on the full guest stack (${stackText(live(s))}, ${depth} of ${depth} frames): ` +
            'the frame it pushed for initiate_unwind hit the guard page, still PROT_NONE, from runtime code'
          : `${top(s)!.fn} called a hostcall with the guest stack full (${stackText(live(s))}, ${depth} of ${depth} frames) ` +
            "and no hostcall reservation: the hostcall's frame hit the guard page from host code") +
        ', so Lucet calls the fault fatal; the fatal handler panics in the embedder and the stack is never unwound' +
        (reqHolds(s) ? ', so req_get_headers never releases the headers lock and its buffer' : ''),
    ),
    [GUARD]: always(
      (s) => !(s.phase === 'running' || s.phase === 'later run') || s.guardPage === 'protected',
      () => 'guest code runs while the page below its stack is writable: a stack overflow would go unnoticed',
    ),
    [POISON]: always(
      (s) => s.phase !== 'later run panicked',
      () =>
        "the later run's req_get_headers found the headers lock poisoned (a MutexGuard was dropped while its thread " +
        'was panicking: the unwinding of the first run) and its lock().unwrap() panicked; the poison stays, so every ' +
        'later request that takes the lock fails too',
    ),
    [NESTED_TERMINATION]: sometimes((s) => {
      const hosts = live(s).filter(isHost);
      return (
        s.stop === 'termination' &&
        (s.phase === 'panicking' || s.phase === 'terminated') &&
        top(s) !== undefined &&
        isHost(top(s)!) &&
        hostFrames(s) === segments &&
        hosts.slice(0, -1).every(holdsResources)
      );
    }),
    [LATER_RUN_DONE]: sometimes((s) => s.phase === 'done'),
  };
  const interrupted = (s: View): boolean => s.phase === 'faulted' || s.phase === 'returning None';
  if (guestFaults) {
    properties[GUEST_FAULT] = sometimes((s) => s.stop === 'trap' && interrupted(s) && reqHolds(s));
    properties[OVERFLOW] = sometimes((s) => s.stop === 'stack overflow' && interrupted(s) && reqHolds(s));
  }
  if (guestFaults && design.forceUnwind && design.redzone !== 'none') {
    properties[UNWIND_FULL_STACK] = sometimes(
      (s) => s.phase === 'unwinding' && s.guardPage === 'writable' && s.sp === depth && reqHolds(s),
    );
  }
  if (design.termination !== 'swap' || design.forceUnwind) {
    properties[POISONED_LATER_RUN] = sometimes((s) => s.phase === 'later run' && s.lockPoisoned);
  }
  return properties;
}
