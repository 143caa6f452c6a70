import { z } from 'zod';
import { always, defineModel, holds, leadsTo, sometimes, system, violates } from 'interleave-check';

/** The liveness property of process i: starvation freedom. */
export const starvationFree = (i: number): string => `process ${i} enters the critical section whenever it wants to`;

/**
 * Peterson's mutual exclusion for two processes. Each process raises its flag, gives the turn
 * to the other, and waits until the other's flag is down or the turn is its own. A process may
 * stay idle forever, but never stops inside the protocol (weak fairness of every step but `want`).
 */
export default defineModel({
  name: 'peterson',
  summary: "Peterson's mutual exclusion for two processes",
  variants: {
    correct: {
      summary: 'raise the flag, then give the turn away, then wait',
      source: 'G. L. Peterson, "Myths about the mutual exclusion problem", IPL 12(3), 1981',
      expect: holds(),
    },
    'turn-first': {
      summary: 'give the turn away before raising the flag: both processes can enter the critical section',
      source: 'a classic mistake: the flag and turn writes swapped',
      expect: violates('mutual exclusion'),
    },
  },
  build: ({ variant }) => {
    const processes = [0, 1] as const;
    const other = (i: number) => 1 - i;
    const who = (i: number) => `process ${i}`;
    // Where each process is in its loop; the order of the two writes depends on the variant.
    const Step = z.enum(['idle', 'first-write', 'second-write', 'waiting', 'critical']);
    const State = z.object({
      pc: z.tuple([Step, Step]),
      flag: z.tuple([z.boolean(), z.boolean()]),
      turn: z.number().int().min(0).max(1),
    });
    type State = z.infer<typeof State>;
    const writes = variant === 'correct' ? (['raiseFlag', 'giveTurn'] as const) : (['giveTurn', 'raiseFlag'] as const);
    const write = (s: State, i: number, which: 'raiseFlag' | 'giveTurn') => {
      if (which === 'raiseFlag') s.flag[i] = true;
      else s.turn = other(i);
    };
    const says = (i: number, which: 'raiseFlag' | 'giveTurn') =>
      which === 'raiseFlag' ? `${who(i)} raises its flag` : `${who(i)} gives the turn to ${who(other(i))}`;

    return system(State, {
      init: { pc: ['idle', 'idle'], flag: [false, false], turn: 0 },
      actions: {
        want: {
          over: processes,
          actor: who,
          guard: (s, i) => s.pc[i] === 'idle',
          effect: (s, i) => {
            s.pc[i] = 'first-write';
          },
          describe: (i) => `${who(i)} wants the critical section`,
        },
        firstWrite: {
          over: processes,
          actor: who,
          guard: (s, i) => s.pc[i] === 'first-write',
          effect: (s, i) => {
            write(s, i, writes[0]);
            s.pc[i] = 'second-write';
          },
          describe: (i) => says(i, writes[0]),
        },
        secondWrite: {
          over: processes,
          actor: who,
          guard: (s, i) => s.pc[i] === 'second-write',
          effect: (s, i) => {
            write(s, i, writes[1]);
            s.pc[i] = 'waiting';
          },
          describe: (i) => says(i, writes[1]),
        },
        enter: {
          over: processes,
          actor: who,
          guard: (s, i) => s.pc[i] === 'waiting' && (!s.flag[other(i)] || s.turn === i),
          effect: (s, i) => {
            s.pc[i] = 'critical';
          },
          describe: (i, s) =>
            `${who(i)} enters the critical section (${s.flag[other(i)] ? `the turn is its own` : `${who(other(i))}'s flag is down`})`,
        },
        leave: {
          over: processes,
          actor: who,
          guard: (s, i) => s.pc[i] === 'critical',
          effect: (s, i) => {
            s.flag[i] = false;
            s.pc[i] = 'idle';
          },
          describe: (i) => `${who(i)} leaves the critical section and lowers its flag`,
        },
      },
      properties: {
        'mutual exclusion': always(
          (s) => !(s.pc[0] === 'critical' && s.pc[1] === 'critical'),
          () => 'process 0 and process 1 are both in the critical section',
        ),
        'process 0 enters the critical section': sometimes((s) => s.pc[0] === 'critical'),
        'process 1 enters the critical section': sometimes((s) => s.pc[1] === 'critical'),
        ...Object.fromEntries(
          processes.map((i) => [starvationFree(i), leadsTo<State>((s) => s.pc[i] === 'first-write', (s) => s.pc[i] === 'critical')]),
        ),
      },
      // Wanting the critical section is up to the process; once it wants it, it keeps going.
      fairness: { weak: ['firstWrite', 'secondWrite', 'enter', 'leave'] },
    });
  },
});
