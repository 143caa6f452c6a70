import { z } from 'zod';
import { always, defineModel, holds, range, scalarset, sometimes, system, type DeepReadonly } from 'interleave-check';

/**
 * Peterson's filter lock for N processes (shared/bench/MODELS.md, model B). To enter the
 * critical section a process climbs levels 1 to N-1; at each level it writes itself down as
 * the last to enter that level, then waits until someone else came after it or nobody else
 * is at its level or above. At most N-1-L processes get past level L, so one gets through.
 *
 * The processes are interchangeable (a scalarset): ids are compared only for equality, stored
 * in `last` and used as indices; the order comparisons and arithmetic are on levels. The
 * initial `last` names process 0, but every process can sign in at every level alone and leave,
 * so each permutation of the initial state is reachable and the reachable states are closed
 * under permutation. MODELS.md's unreduced counts are those of `--no-symmetry`.
 * `--verify-symmetry` asks more, initial states closed under permutation, so it rejects this
 * single initial state; bench/README.md ("Symmetric tier") says why the declaration stands.
 */
export default defineModel({
  name: 'filter',
  summary: "Peterson's filter lock for N processes (benchmark model B)",
  params: z.object({
    n: z.number().int().min(2).max(10).default(4).describe('number of processes'),
  }),
  variants: {
    textbook: {
      summary: 'the textbook filter lock, its wait condition (the scan over all processes included) tested atomically',
      source: 'shared/bench/MODELS.md, model B; M. Herlihy and N. Shavit, The Art of Multiprocessor Programming, 2.4',
      expect: holds(),
    },
  },
  build: ({ params: { n } }) => {
    const Process = scalarset('process', n);
    const processes = Process.ids;
    const top = n - 1;
    const who = (i: number) => `process ${i}`;
    // NCS: outside; SETLAST: about to sign in as the last to enter its level; WAIT: waiting
    // at its level; CS: in the critical section.
    const Phase = z.enum(['NCS', 'SETLAST', 'WAIT', 'CS']);
    const State = z.object({
      pc: Process.array(Phase),
      // The level a process has climbed to; 0 while it does not compete.
      level: Process.array(z.number().int().min(0).max(top)),
      // last[L - 1] is the last process to enter level L (levels 1 to N-1; there is no level 0 entry).
      last: z.array(Process.id).length(n - 1),
    });
    type State = z.infer<typeof State>;
    const lastAt = (s: DeepReadonly<State>, level: number) => s.last[level - 1];
    const aloneAtOrAbove = (s: DeepReadonly<State>, i: number) =>
      processes.every((k) => k === i || s.level[k] < s.level[i]);

    return system(State, {
      init: {
        pc: processes.map(() => 'NCS' as const),
        level: processes.map(() => 0),
        last: range(n - 1).map(() => 0),
      },
      actions: {
        enter: {
          over: processes,
          actor: who,
          guard: (s, i) => s.pc[i] === 'NCS',
          effect: (s, i) => {
            s.level[i] = 1;
            s.pc[i] = 'SETLAST';
          },
          describe: (i) => `${who(i)} leaves its non-critical section and steps onto level 1`,
        },
        setLast: {
          over: processes,
          actor: who,
          guard: (s, i) => s.pc[i] === 'SETLAST',
          effect: (s, i) => {
            s.last[s.level[i] - 1] = i;
            s.pc[i] = 'WAIT';
          },
          describe: (i, s) => `${who(i)} signs in as the last to enter level ${s.level[i]}`,
        },
        pass: {
          over: processes,
          actor: who,
          guard: (s, i) => s.pc[i] === 'WAIT' && (lastAt(s, s.level[i]) !== i || aloneAtOrAbove(s, i)),
          effect: (s, i) => {
            if (s.level[i] === top) {
              s.pc[i] = 'CS';
            } else {
              s.level[i] += 1;
              s.pc[i] = 'SETLAST';
            }
          },
          describe: (i, s) =>
            s.level[i] === top
              ? `${who(i)} passes the last level and enters the critical section`
              : `${who(i)} passes level ${s.level[i]} and climbs to level ${s.level[i] + 1}`,
        },
        exit: {
          over: processes,
          actor: who,
          guard: (s, i) => s.pc[i] === 'CS',
          effect: (s, i) => {
            s.level[i] = 0;
            s.pc[i] = 'NCS';
          },
          describe: (i) => `${who(i)} leaves the critical section and drops back to level 0`,
        },
      },
      properties: {
        'mutual exclusion': always(
          (s) => s.pc.filter((p) => p === 'CS').length <= 1,
          (s) => {
            const inside = processes.filter((i) => s.pc[i] === 'CS').map(who);
            return `${inside.join(' and ')} are in the critical section at once`;
          },
        ),
        'a process enters the critical section': sometimes((s) => s.pc.includes('CS')),
      },
    });
  },
});
