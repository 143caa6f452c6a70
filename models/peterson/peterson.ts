import { z } from 'zod';
import { always, defineModel, defineProcess, holds, leadsTo, sometimes, system, violates } from 'interleave';

/** The liveness property of process i: starvation freedom. */
export const starvationFree = (i: number): string => `process ${i} enters the critical section whenever it wants to`;

/**
 * Peterson's mutual exclusion for two processes. Each process raises its flag, gives the turn
 * to the other, and waits until the other's flag is down or the turn is its own. A process may
 * stay idle forever, but never stops inside the protocol (weak fairness of every step but the
 * one at `idle`).
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
    const other = (i: number) => 1 - i;
    const State = z.object({
      flag: z.tuple([z.boolean(), z.boolean()]),
      turn: z.number().int().min(0).max(1),
    });
    type State = z.infer<typeof State>;
    // The two writes, in the order the variant makes them.
    const raiseFlag = {
      effect: (s: State, i: number) => {
        s.flag[i] = true;
      },
      describe: 'raises its flag',
    };
    const giveTurn = {
      effect: (s: State, i: number) => {
        s.turn = other(i);
      },
      describe: (i: number) => `gives the turn to process ${other(i)}`,
    };
    const [firstWrite, secondWrite] = variant === 'correct' ? [raiseFlag, giveTurn] : [giveTurn, raiseFlag];

    const peterson = defineProcess(State, {
      over: [0, 1],
      // Wanting the critical section is up to the process; once it wants it, it keeps going.
      fair: 'weak',
      labels: {
        idle: { fair: false, describe: 'wants the critical section' },
        'first-write': firstWrite,
        'second-write': secondWrite,
        waiting: {
          await: (s, i) => !s.flag[other(i)] || s.turn === i,
          describe: (i, s) => `enters the critical section (${s.flag[other(i)] ? 'the turn is its own' : `process ${other(i)}'s flag is down`})`,
        },
        critical: {
          effect: (s, i) => {
            s.flag[i] = false;
          },
          next: 'idle',
          describe: 'leaves the critical section and lowers its flag',
        },
      },
    });

    return system(State, { process: peterson }, {
      init: { flag: [false, false], turn: 0 },
      properties: {
        'mutual exclusion': always(
          (s) => !(s.process.pc[0] === 'critical' && s.process.pc[1] === 'critical'),
          () => 'process 0 and process 1 are both in the critical section',
        ),
        'process 0 enters the critical section': sometimes((s) => s.process.pc[0] === 'critical'),
        'process 1 enters the critical section': sometimes((s) => s.process.pc[1] === 'critical'),
        [starvationFree(0)]: leadsTo(
          (s) => s.process.pc[0] === 'first-write',
          (s) => s.process.pc[0] === 'critical',
        ),
        [starvationFree(1)]: leadsTo(
          (s) => s.process.pc[1] === 'first-write',
          (s) => s.process.pc[1] === 'critical',
        ),
      },
    });
  },
});
