import { always, leadsTo, sometimes } from 'interleave-check';
import type { Property } from 'interleave-check';
import { completed, runsUserCode, worldStoppedBy, type CommonState, type View } from './common.js';
import type { Design } from './design.js';
import { holders } from './heap.js';
import { libraryHolder } from './library.js';
import { who, type Roles } from './roles.js';

/** The liveness property: a stop-the-world, once asked for, ends with the world restarted. */
export const everyRequestCompletes = 'every stop-the-world request completes';

/** The property that a collection frees nothing a thread still points to. */
export const everyLiveValueVisible = 'every live value is visible to the GC';

/** The property that a collection reads no exited thread's stack (checked when threads come and go). */
export const onlyLiveStacksScanned = "the collector scans only live threads' stacks";

/**
 * The properties both protocols are checked against: the safety properties of a
 * stop-the-world, liveness, and reachability checks that show the dangerous paths are taken.
 * `missed` says, in the protocol's words, why the collection did not see a thread's pointer.
 */
export function sharedProperties(
  roles: Roles,
  design: Design,
  missed: (s: View, t: number) => string,
): Record<string, Property<CommonState>> {
  const runner = (s: View, c: number) =>
    roles.threads.find((t) => t !== c && s.threads[t].registered && runsUserCode(s.threads[t]));
  const dangling = (s: View) => (s.x === 'freed' ? holders(s)[0] : undefined);
  const props: Record<string, Property<CommonState>> = {
    'no mutator runs user code while the world is stopped': always(
      (s) => {
        const c = worldStoppedBy(s);
        return c === undefined || runner(s, c) === undefined;
      },
      (s) => {
        const c = worldStoppedBy(s)!;
        return `${who(c)} has the world stopped, but ${who(runner(s, c)!)}, which is registered, is running user code`;
      },
    ),
    [everyLiveValueVisible]: always(
      (s) => dangling(s) === undefined,
      (s) => {
        const t = dangling(s)!;
        return `${who(t)} still points to X (${s.threads[t].pointer === 'register' ? 'in a register' : `in its ${s.threads[t].pointer}`}), but a collection freed X: ${missed(s, t)}`;
      },
    ),
    'a stop-the-world completes': sometimes((s) => s.threads.some((th) => completed(th) >= 1)),
    // Each thread starts at most `collections` of them, so "every request completes" is "whenever
    // a collection is under way, a state follows where none is".
    [everyRequestCompletes]: leadsTo(
      (s) => s.threads.some((th) => th.gc !== 'idle'),
      (s) => s.threads.every((th) => th.gc === 'idle'),
    ),
  };
  if (roles.collectors.length >= 2) {
    props['two different threads complete a stop-the-world'] = sometimes(
      (s) => s.threads.filter((th) => completed(th) >= 1).length >= 2,
    );
  }
  Object.assign(props, pathsReached(roles, design));
  if (roles.newThread) {
    const deadScanned = (s: View) => {
      const c = s.threads.findIndex((th) => th.gc === 'marked');
      return c < 0 ? undefined : roles.threads.find((t) => t !== c && s.threads[t].registered && s.threads[t].life === 'exited');
    };
    props[onlyLiveStacksScanned] = always(
      (s) => deadScanned(s) === undefined,
      (s) => `${who(deadScanned(s)!)} has exited and its stack is freed, but it is still registered, so the collection scanned that memory`,
    );
  }
  return props;
}

/**
 * Reachability checks, one per hazard the variant exposes, so that a clean verdict shows the
 * dangerous situation was reached and survived: the world is stopped while X is referenced
 * only from where the hazard hides it.
 */
function pathsReached(roles: Roles, design: Design): Record<string, Property<CommonState>> {
  const props: Record<string, Property<CommonState>> = {};
  /** The world is stopped, the collector has not marked yet, and X lives only where `where` says. */
  const onlyThere = (where: (s: View, holders: number[], c: number) => boolean) =>
    sometimes<CommonState>((s) => {
      const c = worldStoppedBy(s);
      if (c === undefined || s.threads[c].gc !== 'stopped' || s.global || s.x === 'freed') return false;
      const hs = holders(s);
      return hs.length > 0 && !hs.includes(c) && where(s, hs, c);
    });
  const registeredSleeper = roles.sleepers.some((t) => roles.registeredAtStart[t] && roles.heapUsers.includes(t));
  if (registeredSleeper && roles.collectors.length >= 2) {
    // X survives only if the collector reads the stack of a thread that is inside a syscall
    // (interrupted by the handler, blocked in GC_do_blocking, or frozen in the kernel).
    props['the world is stopped while only a thread inside a syscall points to X'] = onlyThere((s, hs) =>
      hs.every((t) => s.threads[t].syscall === 'asleep'),
    );
  }
  if (roles.leafCallers.length > 0) {
    props["the world is stopped while only a leaf function's red zone points to X"] = onlyThere((s, hs) =>
      hs.every((t) => s.threads[t].pointer === 'red zone'),
    );
  }
  if (design.mechanism === 'pinspect' && design.serialised && !design.everyLwpInUserret && roles.collectors.length >= 2) {
    props['a second inspector waits in the kernel'] = sometimes((s) => s.threads.some((th) => th.gc === 'queued'));
  }
  if (design.libraryCall) {
    props['the world is stopped while a stopped thread holds the library lock'] = sometimes((s) => {
      const c = worldStoppedBy(s);
      const h = libraryHolder(s);
      return c !== undefined && h !== undefined && h !== c && s.threads[h].stopped;
    });
  }
  if (roles.newThread) {
    const { child, parent } = roles.newThread;
    // While the child is unregistered its parent waits for it, so only another thread can collect.
    if (roles.collectors.some((c) => c !== parent)) {
      props['the world is stopped while the new thread exists but is not yet registered'] = sometimes(
        (s) => worldStoppedBy(s) !== undefined && s.threads[child].life === 'alive' && !s.threads[child].registered,
      );
      if (design.newThread?.parentWaitsForRegistration) {
        props["the world is stopped while only the parent's si points to X"] = onlyThere((_, hs) => hs.length === 1 && hs[0] === parent);
      }
    }
    props['a collection completes after the new thread has exited'] = sometimes(
      (s) => s.threads[child].life === 'exited' && s.threads.some((th) => th.gc === 'marked'),
    );
  }
  return props;
}
