import { z } from 'zod';
import { always, atEnd, defineModel, holds, range, system, violates } from 'interleave-check';

/**
 * Two threads each add one to a shared counter. Without a lock, "counter += 1" is a read
 * then a write, and an update can be lost. The README's "Writing a model" walks through it.
 */
export default defineModel({
  name: 'lost-update',
  summary: 'threads incrementing a shared counter, with and without a lock',
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
    const ids = range(threads);
    const Thread = z.object({
      pc: z.enum(['start', 'read', 'done']),
      seen: z.number().int().min(0).max(threads),
    });
    const State = z.object({
      counter: z.number().int().min(0).max(threads),
      lock: z.number().int().min(-1).max(threads - 1), // -1: free
      thread: z.array(Thread).length(threads),
    });
    const mayEnter = (lock: number, t: number) => variant === 'unlocked' || lock === -1 || lock === t;

    return system(State, {
      init: { counter: 0, lock: -1, thread: ids.map(() => ({ pc: 'start' as const, seen: 0 })) },
      actions: {
        read: {
          over: ids,
          actor: (t) => `thread ${t}`,
          guard: (s, t) => s.thread[t].pc === 'start' && mayEnter(s.lock, t),
          effect: (s, t) => {
            if (variant === 'locked') s.lock = t;
            s.thread[t] = { pc: 'read', seen: s.counter };
          },
          describe: (t, before) => `thread ${t} reads the counter: ${before.counter}`,
        },
        write: {
          over: ids,
          actor: (t) => `thread ${t}`,
          guard: (s, t) => s.thread[t].pc === 'read',
          effect: (s, t) => {
            s.counter = s.thread[t].seen + 1;
            s.thread[t].pc = 'done';
            if (variant === 'locked') s.lock = -1;
          },
          describe: (t, _, after) => `thread ${t} writes ${after.counter} back`,
        },
      },
      properties: {
        'no update is lost': atEnd(
          (s) => s.counter === threads,
          (s) => `all ${threads} threads are done, but the counter is ${s.counter}`,
        ),
        'the lock is free when nobody is inside': always((s) =>
          s.lock === -1 || s.thread[s.lock].pc === 'read',
        ),
      },
      final: (s) => s.thread.every((t) => t.pc === 'done'),
    });
  },
});
