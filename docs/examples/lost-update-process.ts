import { z } from 'zod';
import { always, atEnd, defineModel, defineProcess, holds, range, system, violates } from 'interleave-check';

/**
 * docs/examples/lost-update.ts written as a process: each thread's code is two labelled
 * steps, and the checker keeps its program counter. The same states, transitions and traces.
 */
export default defineModel({
  name: 'lost-update-process',
  summary: 'threads incrementing a shared counter, with and without a lock, written as a process',
  params: z.object({
    threads: z.number().int().min(1).max(4).default(2),
  }),
  variants: {
    unlocked: {
      summary: 'read, then write back the value read plus one',
      source: 'the textbook data race',
      expect: violates('no update is lost'),
    },
    locked: {
      summary: 'the read and the write happen under a lock',
      source: 'the textbook fix',
      expect: holds(),
    },
  },
  build: ({ params: { threads }, variant }) => {
    const State = z.object({
      counter: z.number().int().min(0).max(threads),
      lock: z.number().int().min(-1).max(threads - 1), // -1: free
    });
    const locked = variant === 'locked';

    const thread = defineProcess(State, {
      over: range(threads),
      locals: z.object({ seen: z.number().int().min(0).max(threads).default(0) }),
      labels: {
        read: {
          await: (s) => !locked || s.lock === -1,
          effect: (s, t, my) => {
            if (locked) s.lock = t;
            my.seen = s.counter;
          },
          describe: (_t, before) => `reads the counter: ${before.counter}`,
        },
        write: {
          effect: (s, _t, my) => {
            s.counter = my.seen + 1;
            if (locked) s.lock = -1;
          },
          describe: (_t, _before, after) => `writes ${after.counter} back`,
        },
      },
    });

    return system(State, { thread }, {
      init: { counter: 0, lock: -1 },
      properties: {
        'no update is lost': atEnd(
          (s) => s.counter === threads,
          (s) => `all ${threads} threads are done, but the counter is ${s.counter}`,
        ),
        'the lock is free when nobody is inside': always((s) =>
          s.lock === -1 || s.thread.pc[s.lock] === 'write',
        ),
      },
    });
  },
});
