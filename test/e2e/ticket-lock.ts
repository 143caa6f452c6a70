// A model as a user writes it, outside any checkout: the e2e tests copy this file into fresh
// folders (and `npm run typecheck` checks it here).
import { z } from 'zod';
import { always, defineModel, holds, range, system, violates } from 'interleave-check';

export default defineModel({
  name: 'ticket-lock',
  summary: 'two threads take a ticket and wait for their turn',
  variants: {
    atomic: { summary: 'taking a ticket is one atomic fetch-and-add', source: 'e2e test', expect: holds() },
    racy: { summary: 'taking a ticket reads then writes the counter', source: 'e2e test', expect: violates('one owner') },
  },
  build: ({ variant }) => {
    const Thread = z.object({ pc: z.enum(['idle', 'read', 'waiting', 'owner']), ticket: z.number().int().min(0).max(2) });
    const State = z.object({ next: z.number().int().min(0).max(2), serving: z.number().int().min(0).max(2), threads: z.array(Thread).length(2) });
    return system(State, {
      init: { next: 0, serving: 0, threads: [{ pc: 'idle', ticket: 0 }, { pc: 'idle', ticket: 0 }] },
      actions: {
        take: {
          over: range(2),
          actor: (t) => 'thread ' + t,
          guard: (s, t) => s.threads[t].pc === 'idle' && s.next < 2,
          effect: (s, t) => {
            s.threads[t].ticket = s.next;
            if (variant === 'atomic') { s.next += 1; s.threads[t].pc = 'waiting'; } else s.threads[t].pc = 'read';
          },
          describe: (t, _, after) => 'thread ' + t + ' takes ticket ' + after.threads[t].ticket,
        },
        bump: {
          over: range(2),
          guard: (s, t) => s.threads[t].pc === 'read',
          effect: (s, t) => { s.next = s.threads[t].ticket + 1; s.threads[t].pc = 'waiting'; },
          describe: (t) => 'thread ' + t + ' writes the next ticket back',
        },
        enter: {
          over: range(2),
          guard: (s, t) => s.threads[t].pc === 'waiting' && s.serving === s.threads[t].ticket,
          effect: (s, t) => { s.threads[t].pc = 'owner'; },
          describe: (t) => 'thread ' + t + ' owns the lock',
        },
      },
      properties: {
        'one owner': always((s) => s.threads.filter((t) => t.pc === 'owner').length <= 1, () => 'both threads own the lock'),
      },
      final: () => true,
    });
  },
});
