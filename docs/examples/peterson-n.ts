import { z } from 'zod';
import { always, defineModel, defineProcess, holds, range, system } from 'interleave-check';

/**
 * Peterson's mutual exclusion for n processes as BEEM writes it (its `peterson` model): a
 * process climbs levels 1 to n-1; at each level it signs in as the last to arrive, then scans
 * the others until it finds none at its level or above, or someone arrived after it.
 * docs/processes.md puts it beside its Promela form: the state counts are SPIN's.
 */
export default defineModel({
  name: 'peterson-n',
  summary: "Peterson's mutual exclusion for n processes, written as a process (BEEM's peterson)",
  params: z.object({ n: z.number().int().min(2).max(4).default(3).describe('number of processes') }),
  variants: {
    beem: { summary: "BEEM's peterson", source: 'BEEM (BEnchmarks for Explicit Model checkers), model peterson', expect: holds() },
  },
  build: ({ params: { n } }) => {
    const Level = z.number().int().min(0).max(n);
    const State = z.object({
      pos: z.array(Level.max(n - 1)).length(n), // the level each process has reached; 0: it does not compete
      step: z.array(z.number().int().min(0).max(n - 1)).length(n - 1), // step[l-1]: the last process to enter level l
    });
    const P = defineProcess(State, {
      over: range(n),
      locals: z.object({ j: Level.default(0), k: Level.default(0) }), // j: my level; k: whom I scan
      labels: {
        NCS: { effect: (_s, _i, my) => void (my.j = 1), describe: 'wants the critical section' },
        wait: {
          either: {
            climb: { await: (_s, _i, my) => my.j < n, effect: (s, i, my) => void (s.pos[i] = my.j), next: 'q2', describe: 'climbs a level' },
            enter: { await: (_s, _i, my) => my.j === n, next: 'CS', describe: 'enters the critical section' },
          },
        },
        q2: {
          effect: (s, i, my) => {
            s.step[my.j - 1] = i;
            my.k = 0;
          },
          describe: 'signs in as the last at its level',
        },
        q3: {
          either: {
            scan: { await: (s, i, my) => my.k < n && (my.k === i || s.pos[my.k] < my.j), effect: (_s, _i, my) => void my.k++, next: 'q3', describe: 'scans the next process' },
            pass: { await: (s, i, my) => s.step[my.j - 1] !== i || my.k === n, effect: (_s, _i, my) => void my.j++, next: 'wait', describe: 'passes its level' },
          },
        },
        CS: { effect: (s, i) => void (s.pos[i] = 0), next: 'NCS', describe: 'leaves the critical section' },
      },
    });
    return system(State, { P }, {
      init: { pos: range(n).map(() => 0), step: range(n - 1).map(() => 0) },
      properties: {
        'mutual exclusion': always(
          (s) => s.P.pc.filter((pc) => pc === 'CS').length <= 1,
          (s) => `${range(n).filter((i) => s.P.pc[i] === 'CS').map((i) => `P ${i}`).join(' and ')} are in the critical section`,
        ),
      },
    });
  },
});
