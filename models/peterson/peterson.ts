import { z } from 'zod';
import { always, defineModel, defineProcess, holds, leadsTo, sometimes, system, violates } from 'interleave-check';

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
    const processes = [0, 1] as const;
    const other = (i: number) => 1 - i;
    const State = z.object({
      flag: z.tuple([z.boolean(), z.boolean()]),
      turn: z.number().int().min(0).max(1),
    });
    // The two writes before the wait, in the variant's order.
    type Write = 'raiseFlag' | 'giveTurn';
    const [first, second]: readonly [Write, Write] = variant === 'correct' ? ['raiseFlag', 'giveTurn'] : ['giveTurn', 'raiseFlag'];
    const after = (write: Write) => (write === first ? second : 'wait');

    // Wanting the critical section is up to the process (idle is not fair); once it wants it, it keeps going.
    const process = defineProcess(State, {
      over: processes,
      fair: 'weak',
      labels: {
        idle: { next: first, describe: 'wants the critical section', fair: false },
        raiseFlag: { effect: (s, i) => void (s.flag[i] = true), next: after('raiseFlag'), describe: 'raises its flag' },
        giveTurn: { effect: (s, i) => void (s.turn = other(i)), next: after('giveTurn'), describe: (i) => `gives the turn to process ${other(i)}` },
        wait: {
          await: (s, i) => !s.flag[other(i)] || s.turn === i,
          describe: (i, s) => `enters the critical section (${s.flag[other(i)] ? 'the turn is its own' : `process ${other(i)}'s flag is down`})`,
        },
        critical: { effect: (s, i) => void (s.flag[i] = false), next: 'idle', describe: 'leaves the critical section and lowers its flag' },
      },
    });

    return system(State, { process }, {
      init: { flag: [false, false], turn: 0 },
      properties: {
        'mutual exclusion': always(
          (s) => !(s.process.pc[0] === 'critical' && s.process.pc[1] === 'critical'),
          () => 'process 0 and process 1 are both in the critical section',
        ),
        'process 0 enters the critical section': sometimes((s) => s.process.pc[0] === 'critical'),
        'process 1 enters the critical section': sometimes((s) => s.process.pc[1] === 'critical'),
        ...Object.fromEntries(
          processes.map((i) => [starvationFree(i), leadsTo((s) => s.process.pc[i] === first, (s) => s.process.pc[i] === 'critical')]),
        ),
      },
    });
  },
});
