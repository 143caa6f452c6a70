import { z } from 'zod';
import { always, defineModel, holds, scalarset, system, violates } from 'interleave-check';

/**
 * n interchangeable threads around a test-and-set lock, with a racy variant whose check and
 * set are two steps: the smallest symmetric model, for the symmetry tests.
 */
export default defineModel({
  name: 'symmetric-mutex',
  summary: 'n interchangeable threads and a lock',
  params: z.object({ threads: z.number().int().min(1).max(8).default(3) }),
  variants: {
    atomic: { summary: 'test-and-set in one step', source: 'test', expect: holds() },
    racy: { summary: 'test, then set', source: 'test', expect: violates('mutual exclusion') },
    'thread-0-first': {
      summary: 'thread 0 may take the lock while it is taken: an asymmetric step under a symmetric declaration',
      source: 'test',
      expect: violates('mutual exclusion'),
    },
  },
  build: ({ params: { threads }, variant }) => {
    const Thread = scalarset('thread', threads);
    const State = z.object({
      lock: Thread.id.nullable(),
      pc: Thread.array(z.enum(['idle', 'saw-free', 'critical'])),
    });
    return system(State, {
      init: { lock: null, pc: Thread.ids.map(() => 'idle' as const) },
      actions: {
        test: {
          over: Thread.ids,
          actor: (t) => `thread ${t}`,
          guard: (s, t) => s.pc[t] === 'idle' && (s.lock === null || (variant === 'thread-0-first' && t === 0)),
          effect: (s, t) => {
            if (variant !== 'racy') {
              s.lock = t;
              s.pc[t] = 'critical';
            } else s.pc[t] = 'saw-free';
          },
          describe: (t) => `thread ${t} sees the lock free`,
        },
        set: {
          over: Thread.ids,
          actor: (t) => `thread ${t}`,
          guard: (s, t) => s.pc[t] === 'saw-free',
          effect: (s, t) => {
            s.lock = t;
            s.pc[t] = 'critical';
          },
          describe: (t) => `thread ${t} takes the lock`,
        },
        release: {
          over: Thread.ids,
          actor: (t) => `thread ${t}`,
          guard: (s, t) => s.pc[t] === 'critical',
          effect: (s, t) => {
            s.lock = null;
            s.pc[t] = 'idle';
          },
          describe: (t) => `thread ${t} releases the lock`,
        },
      },
      properties: {
        'mutual exclusion': always((s) => s.pc.filter((p) => p === 'critical').length <= 1),
      },
    });
  },
});
