import { z } from 'zod';
import { always, atEnd, defineModel, defineProcess, holds, leadsTo, range, scalarset, system, violates } from '../../spec/index.js';

/**
 * Small models written with processes, for the process tests: the lost update with locals,
 * a lock whose holders may stop at an end label, a collector beside mutators and a plain
 * action, and the symmetric mutex of test/symmetry/mutex.ts as a process.
 */

/** Two threads add one to a counter: read into a local, then write back (the README's lost update, as a process). */
export const lostUpdate = defineModel({
  name: 'lost-update-process',
  summary: 'threads incrementing a shared counter, as a process',
  params: z.object({ threads: z.number().int().min(1).max(4).default(2) }),
  variants: {
    unlocked: { summary: 'read, then write back', source: 'test', expect: violates('no update is lost') },
    atomic: { summary: 'read and write in one atomic step', source: 'test', expect: holds() },
  },
  build: ({ params: { threads }, variant }) => {
    const State = z.object({ counter: z.number().int().min(0).max(threads) });
    type State = z.infer<typeof State>;
    const read = (s: State, _t: number, my: { seen: number }) => {
      my.seen = s.counter;
    };
    const write = (s: State, _t: number, my: { seen: number }) => {
      s.counter = my.seen + 1;
    };
    const Seen = z.object({ seen: z.number().int().min(0).max(threads).default(0) });
    const thread =
      variant === 'unlocked'
        ? defineProcess(State, {
            over: range(threads),
            locals: Seen,
            labels: {
              read: { effect: read, describe: (_t, s) => `reads the counter: ${s.counter}` },
              write: { effect: write, describe: (_t, _s, after) => `writes ${after.counter} back` },
            },
          })
        : defineProcess(State, {
            over: range(threads),
            locals: Seen,
            labels: { update: { effect: [read, write], describe: (_t, _s, after) => `adds one: ${after.counter}` } },
          });
    return system(State, { thread }, {
      init: { counter: 0 },
      properties: {
        'no update is lost': atEnd(
          (s) => s.counter === threads,
          (s) => `all ${threads} threads are done, but the counter is ${s.counter}`,
        ),
      },
    });
  },
});

/** Threads take a lock and release it; `stays` makes the holder stop at an end label instead. */
export const lockHolders = defineModel({
  name: 'lock-holders',
  summary: 'threads that take a lock, and may keep it',
  params: z.object({ threads: z.number().int().min(1).max(3).default(2) }),
  variants: {
    releases: { summary: 'the holder releases the lock and ends', source: 'test', expect: holds() },
    keeps: { summary: 'the holder keeps the lock: the others wait forever', source: 'test', expect: deadlocksExpected() },
    'keeps-at-end': { summary: 'the holder keeps the lock, and it and the waiters are at end labels', source: 'test', expect: holds() },
  },
  build: ({ params: { threads }, variant }) => {
    const State = z.object({ lock: z.number().int().min(0).max(threads - 1).nullable() });
    const thread = defineProcess(State, {
      over: range(threads),
      labels: {
        acquire: {
          // A thread may wait here forever when the holder keeps the lock on purpose.
          end: variant === 'keeps-at-end',
          await: (s) => s.lock === null,
          effect: (s, t) => {
            s.lock = t;
          },
          describe: 'takes the lock',
        },
        hold: variant === 'releases'
          ? { effect: (s) => void (s.lock = null), describe: 'releases the lock' }
          : { await: () => false, end: variant === 'keeps-at-end', describe: 'never lets go' },
      },
    });
    return system(State, { thread }, { init: { lock: null }, properties: {} });
  },
});

function deadlocksExpected() {
  return { verdict: 'deadlocks' as const };
}

/**
 * A collector (a single process) stops mutators (a process over ids) that poll; a plain
 * action, the allocator, runs beside them. Mutator 0 keeps reaching its safepoint under the
 * processes' weak fairness.
 */
export const collector = defineModel({
  name: 'collector',
  summary: 'a stop-the-world collector and polling mutators, with a plain action beside them',
  params: z.object({ mutators: z.number().int().min(1).max(3).default(2) }),
  variants: { handshake: { summary: 'the handshake', source: 'test', expect: holds() } },
  build: ({ params: { mutators } }) => {
    const State = z.object({
      stopping: z.boolean(),
      parked: z.array(z.boolean()).length(mutators),
      allocated: z.number().int().min(0).max(2),
    });
    const mutator = defineProcess(State, {
      over: range(mutators),
      actor: (m) => `mutator ${m}`,
      fair: 'weak',
      labels: {
        run: { effect: () => {}, describe: 'runs' },
        poll: {
          either: {
            'no stop': { await: (s) => !s.stopping, next: 'run', describe: 'polls: no stop is requested' },
            park: {
              await: (s) => s.stopping,
              effect: (s, m) => {
                s.parked[m] = true;
              },
              describe: 'parks for the collection',
            },
          },
        },
        parked: {
          await: (s) => !s.stopping,
          effect: (s, m) => {
            s.parked[m] = false;
          },
          next: 'run',
          describe: 'resumes',
        },
      },
    });
    const gc = defineProcess(State, {
      fair: 'weak',
      locals: z.object({ cycles: z.number().int().min(0).max(1).default(0) }),
      labels: {
        request: { effect: (s) => void (s.stopping = true), describe: 'requests a stop' },
        collect: {
          await: (s) => s.parked.every(Boolean),
          effect: (s, _, my) => {
            s.stopping = false;
            my.cycles = 1;
          },
          describe: 'collects with every mutator parked',
        },
      },
    });
    return system(State, { mutator, gc }, {
      init: { stopping: false, parked: range(mutators).map(() => false), allocated: 0 },
      actions: {
        allocate: {
          guard: (s) => !s.stopping && s.allocated < 2,
          effect: (s) => {
            s.allocated += 1;
          },
          describe: () => 'the allocator hands out a block',
        },
      },
      properties: {
        'the collector collects only with every mutator parked': always((s) => s.gc.cycles === 0 || s.gc.pc === 'done'),
        'mutator 0 reaches its safepoint': leadsTo((s) => s.mutator.pc[0] === 'run', (s) => s.mutator.pc[0] === 'poll'),
      },
    });
  },
});

/** test/symmetry/mutex.ts's interchangeable threads and their lock, as a process over a scalarset's ids. */
export const symmetricMutex = defineModel({
  name: 'symmetric-mutex-process',
  summary: 'n interchangeable threads and a lock, as a process',
  params: z.object({ threads: z.number().int().min(1).max(8).default(3) }),
  variants: {
    atomic: { summary: 'test-and-set in one step', source: 'test', expect: holds() },
    racy: { summary: 'test, then set', source: 'test', expect: violates('mutual exclusion') },
  },
  build: ({ params: { threads }, variant }) => {
    const Thread = scalarset('thread', threads);
    const State = z.object({ lock: Thread.id.nullable() });
    const take = { effect: (s: { lock: number | null }, t: number) => void (s.lock = t), next: 'critical' as const, describe: 'takes the lock' };
    const thread = defineProcess(State, {
      over: Thread.ids,
      labels: {
        idle: variant === 'atomic' ? { await: (s) => s.lock === null, ...take } : { await: (s) => s.lock === null, describe: 'sees the lock free' },
        'saw-free': take,
        critical: { effect: (s) => void (s.lock = null), next: 'idle', describe: 'releases the lock' },
      },
    });
    return system(State, { thread }, {
      init: { lock: null },
      properties: { 'mutual exclusion': always((s) => s.thread.pc.filter((p) => p === 'critical').length <= 1) },
    });
  },
});
