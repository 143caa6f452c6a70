import { z } from 'zod';
import { always, defineModel, defineProcess, holds, range, sometimes, system, type DeepReadonly } from 'interleave-check';

/**
 * The filter lock of `filter.ts` (benchmark model B) written as a process: four labelled steps
 * instead of a program-counter enum and four guarded actions. The same states, transitions and
 * depth; `npm run bench -- --forms` times the two forms side by side.
 */
export default defineModel({
  name: 'filter-process',
  summary: "Peterson's filter lock for N processes, in process form (benchmark model B)",
  params: z.object({
    n: z.number().int().min(2).max(8).default(4).describe('number of processes'),
  }),
  variants: {
    textbook: {
      summary: 'the textbook filter lock, its wait condition (the scan over all processes included) tested atomically',
      source: 'shared/bench/MODELS.md, model B; M. Herlihy and N. Shavit, The Art of Multiprocessor Programming, 2.4',
      expect: holds(),
    },
  },
  build: ({ params: { n } }) => {
    const processes = range(n);
    const top = n - 1;
    const State = z.object({
      // The level a process has climbed to; 0 while it does not compete.
      level: z.array(z.number().int().min(0).max(top)).length(n),
      // last[L - 1] is the last process to enter level L (levels 1 to N-1; there is no level 0 entry).
      last: z.array(z.number().int().min(0).max(n - 1)).length(n - 1),
    });
    type State = z.infer<typeof State>;
    const lastAt = (s: DeepReadonly<State>, level: number) => s.last[level - 1];
    const aloneAtOrAbove = (s: DeepReadonly<State>, i: number) => processes.every((k) => k === i || s.level[k] < s.level[i]);

    const filter = defineProcess(State, {
      over: processes,
      labels: {
        NCS: {
          effect: (s, i) => {
            s.level[i] = 1;
          },
          describe: 'leaves its non-critical section and steps onto level 1',
        },
        SETLAST: {
          effect: (s, i) => {
            s.last[s.level[i] - 1] = i;
          },
          describe: (i, s) => `signs in as the last to enter level ${s.level[i]}`,
        },
        WAIT: {
          await: (s, i) => lastAt(s, s.level[i]) !== i || aloneAtOrAbove(s, i),
          effect: (s, i) => {
            if (s.level[i] === top) return 'CS';
            s.level[i] += 1;
            return 'SETLAST';
          },
          describe: (i, s) =>
            s.level[i] === top ? 'passes the last level and enters the critical section' : `passes level ${s.level[i]} and climbs to level ${s.level[i] + 1}`,
        },
        CS: {
          effect: (s, i) => {
            s.level[i] = 0;
          },
          next: 'NCS',
          describe: 'leaves the critical section and drops back to level 0',
        },
      },
    });

    return system(State, { process: filter }, {
      init: { level: processes.map(() => 0), last: range(n - 1).map(() => 0) },
      properties: {
        'mutual exclusion': always(
          (s) => s.process.pc.filter((p) => p === 'CS').length <= 1,
          (s) => `${processes.filter((i) => s.process.pc[i] === 'CS').map((i) => `process ${i}`).join(' and ')} are in the critical section at once`,
        ),
        'a process enters the critical section': sometimes((s) => s.process.pc.includes('CS')),
      },
    });
  },
});
