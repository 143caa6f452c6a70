import { z } from 'zod';
import { always, defineModel, deadlocks, holds, range, sometimes, system } from 'interleave-check';

/**
 * The dining philosophers of the benchmark suite (its model A, as models/philosophers/README.md describes it): each
 * philosopher takes the left fork, then the right one. With every philosopher holding a left
 * fork, nobody can move: the classic deadlock.
 */
export default defineModel({
  name: 'philosophers',
  summary: 'Dining philosophers who take the left fork first (benchmark model A)',
  params: z.object({
    n: z.number().int().min(2).max(16).default(8).describe('number of philosophers'),
  }),
  variants: {
    'left-first': {
      summary: 'every philosopher takes the left fork, then the right: all can hold a left fork and wait forever',
      source: "the benchmark suite's model A (models/philosophers/README.md)",
      expect: deadlocks(),
    },
    ordered: {
      summary: 'the last philosopher takes the right fork first (forks taken in a global order): no deadlock',
      source: 'the classic resource-ordering fix (Dijkstra); not part of the benchmark',
      expect: holds(),
    },
  },
  build: ({ params: { n }, variant }) => {
    const philosophers = range(n);
    const right = (i: number) => (i + 1) % n;
    // In the ordered variant the last philosopher's "first" fork is the right one.
    const first = (i: number) => (variant === 'ordered' && i === n - 1 ? right(i) : i);
    const second = (i: number) => (variant === 'ordered' && i === n - 1 ? i : right(i));
    const Phase = z.enum(['THINKING', 'HUNGRY', 'HASLEFT', 'EATING']);
    const State = z.object({
      pc: z.array(Phase).length(n),
      fork: z.array(z.boolean()).length(n),
    });
    const who = (i: number) => `philosopher ${i}`;
    return system(State, {
      init: { pc: philosophers.map(() => 'THINKING' as const), fork: philosophers.map(() => false) },
      actions: {
        getHungry: {
          over: philosophers,
          actor: who,
          guard: (s, i) => s.pc[i] === 'THINKING',
          effect: (s, i) => {
            s.pc[i] = 'HUNGRY';
          },
          describe: (i) => `${who(i)} gets hungry`,
        },
        takeLeft: {
          over: philosophers,
          actor: who,
          guard: (s, i) => s.pc[i] === 'HUNGRY' && !s.fork[first(i)],
          effect: (s, i) => {
            s.fork[first(i)] = true;
            s.pc[i] = 'HASLEFT';
          },
          describe: (i) => `${who(i)} takes the first fork (fork ${first(i)})`,
        },
        takeRight: {
          over: philosophers,
          actor: who,
          guard: (s, i) => s.pc[i] === 'HASLEFT' && !s.fork[second(i)],
          effect: (s, i) => {
            s.fork[second(i)] = true;
            s.pc[i] = 'EATING';
          },
          describe: (i) => `${who(i)} takes the second fork (fork ${second(i)}) and eats`,
        },
        release: {
          over: philosophers,
          actor: who,
          guard: (s, i) => s.pc[i] === 'EATING',
          effect: (s, i) => {
            s.fork[i] = false;
            s.fork[right(i)] = false;
            s.pc[i] = 'THINKING';
          },
          describe: (i) => `${who(i)} puts both forks down and thinks`,
        },
      },
      properties: {
        'no two neighbours eat': always(
          (s) => philosophers.every((i) => !(s.pc[i] === 'EATING' && s.pc[right(i)] === 'EATING')),
          (s) => {
            const i = philosophers.find((k) => s.pc[k] === 'EATING' && s.pc[right(k)] === 'EATING')!;
            return `${who(i)} and ${who(right(i))} eat at once, but they share fork ${right(i)}`;
          },
        ),
        'a philosopher eats': sometimes((s) => s.pc.includes('EATING')),
      },
      explainDeadlock: (s) =>
        philosophers
          .filter((i) => s.pc[i] === 'HASLEFT')
          .map((i) => `${who(i)} holds fork ${first(i)} and waits for fork ${second(i)}`)
          .join('; ') + ': a cycle of waiting, nobody can eat',
    });
  },
});
