import { z } from 'zod';
import { always, defineModel, holds, leadsTo, range, sometimes, system, violates, type Fairness, type Property } from 'interleave-check';

/** The liveness property of thread t: starvation freedom. */
export const getsTheLock = (t: number): string => `thread ${t} gets the lock whenever it wants it`;

/**
 * A spinlock for a few threads. Each thread loops: it wants the lock, spins until it gets it,
 * runs its critical section, releases the lock. The naive test-and-set lock keeps mutual
 * exclusion but lets a thread starve: whenever it tests the lock, another thread holds it.
 * Weak fairness does not help, strong fairness does; a ticket lock is fair by construction.
 */
export default defineModel({
  name: 'spinlock',
  summary: 'A naive test-and-set spinlock: mutual exclusion, but starvation under weak fairness',
  params: z.object({
    threads: z.number().int().min(2).max(4).default(2).describe('number of threads sharing the lock'),
  }),
  variants: {
    'test-and-set': {
      summary: 'test-and-set in a loop, every thread weakly fair: a thread can spin forever while the others take turns',
      source: 'the textbook test-and-set lock (M. Herlihy, N. Shavit, "The Art of Multiprocessor Programming", ch. 7)',
      expect: violates(getsTheLock(0)),
    },
    'test-and-set-strong': {
      summary: 'the same lock, with a test-and-set that finds the lock free again and again strongly fair: no starvation',
      source: 'strong fairness, as TLA+ writes SF_vars(Acquire(t)): what the lock silently assumes of the hardware and scheduler',
      expect: holds(),
    },
    'test-and-set-unfair': {
      summary: 'the same lock with no fairness at all: a thread may simply stop spinning, so the property fails for a trivial reason',
      source: 'what a liveness check without fairness reports (TLC warns about it too)',
      expect: violates(getsTheLock(0)),
    },
    ticket: {
      summary: 'a ticket lock: take a ticket, spin until it is served; every thread weakly fair: first come, first served',
      source: 'J. M. Mellor-Crummey, M. L. Scott, "Algorithms for scalable synchronization on shared-memory multiprocessors", TOCS 9(1), 1991',
      expect: holds(),
    },
  },
  build: ({ params: { threads }, variant }) => {
    const ids = range(threads);
    const who = (t: number) => `thread ${t}`;
    const Pc = z.enum(['idle', 'spinning', 'critical']);
    const Ticket = z.number().int().min(0).max(threads - 1);
    const State = z.object({
      pc: z.array(Pc).length(threads),
      /** Test-and-set: the lock word. */
      locked: z.boolean(),
      /** Ticket lock: the next ticket to hand out, and the ticket being served (both modulo the number of threads). */
      next: Ticket,
      serving: Ticket,
      /** Ticket lock: each thread's ticket while it waits or holds the lock. */
      ticket: z.array(Ticket).length(threads),
    });
    type State = z.infer<typeof State>;
    const ticketLock = variant === 'ticket';
    const mayEnter = (s: Readonly<Pick<State, 'locked' | 'serving'>> & { ticket: readonly number[] }, t: number) =>
      ticketLock ? s.serving === s.ticket[t] : !s.locked;

    const properties: Record<string, Property<State>> = {
      'mutual exclusion': always(
        (s) => s.pc.filter((p) => p === 'critical').length <= 1,
        (s) => `${ids.filter((t) => s.pc[t] === 'critical').map(who).join(' and ')} are both in the critical section`,
      ),
      'two threads spin for the lock at once': sometimes((s) => s.pc.filter((p) => p === 'spinning').length >= 2),
    };
    for (const t of ids) {
      properties[getsTheLock(t)] = leadsTo(
        (s) => s.pc[t] === 'spinning',
        (s) => s.pc[t] === 'critical',
      );
    }
    const everyThread = ids.map(who);
    const fairness: Fairness | undefined = {
      'test-and-set': { weak: everyThread },
      'test-and-set-strong': { weak: everyThread, strong: ['acquire'] },
      'test-and-set-unfair': undefined,
      ticket: { weak: everyThread },
    }[variant];

    return system(State, {
      init: { pc: ids.map(() => 'idle' as const), locked: false, next: 0, serving: 0, ticket: ids.map(() => 0) },
      actions: {
        request: {
          over: ids,
          actor: who,
          guard: (s, t) => s.pc[t] === 'idle',
          effect: (s, t) => {
            s.pc[t] = 'spinning';
            if (ticketLock) {
              s.ticket[t] = s.next;
              s.next = (s.next + 1) % threads;
            }
          },
          describe: (t, _before, after) =>
            ticketLock ? `${who(t)} wants the lock and takes ticket ${after.ticket[t]}` : `${who(t)} wants the lock and starts spinning`,
        },
        acquire: {
          over: ids,
          actor: who,
          guard: (s, t) => s.pc[t] === 'spinning' && mayEnter(s, t),
          effect: (s, t) => {
            s.pc[t] = 'critical';
            if (!ticketLock) s.locked = true;
          },
          describe: (t, s) =>
            ticketLock ? `${who(t)} sees its ticket ${s.ticket[t]} served and enters` : `${who(t)}'s test-and-set finds the lock free and takes it`,
        },
        spin: {
          over: ids,
          actor: who,
          guard: (s, t) => s.pc[t] === 'spinning' && !mayEnter(s, t),
          effect: () => {},
          describe: (t, s) =>
            ticketLock ? `${who(t)} sees ticket ${s.serving} served, not its own ${s.ticket[t]}, and spins` : `${who(t)}'s test-and-set finds the lock held; it spins`,
        },
        release: {
          over: ids,
          actor: who,
          guard: (s, t) => s.pc[t] === 'critical',
          effect: (s, t) => {
            s.pc[t] = 'idle';
            if (ticketLock) {
              s.serving = (s.serving + 1) % threads;
              s.ticket[t] = 0;
            } else s.locked = false;
          },
          describe: (t) => `${who(t)} leaves the critical section and releases the lock`,
        },
      },
      properties,
      ...(fairness ? { fairness } : {}),
    });
  },
});
