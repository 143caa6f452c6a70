/* Peterson's mutual exclusion for N processes, after BEEM's peterson: docs/processes.md
 * puts it beside docs/examples/peterson-n.ts. Count its states with
 *   spin -DN=3 -a -o1 peterson-n.pml && gcc -O2 -DNOREDUCE -o pan pan.c && ./pan */
#ifndef N
#define N 3
#endif
byte pos[N];    /* the level each process has reached; 0: it does not compete */
byte step[N];   /* step[l-1]: the last process to enter level l */

active [N] proctype P() {
  byte j = 0, k = 0;   /* j: my level; k: whom I scan */
NCS:  j = 1;
wait: if
      :: d_step { j < N; pos[_pid] = j }; goto q2
      :: j == N; goto CS
      fi;
q2:   if
      :: d_step { step[j-1] = _pid; k = 0 }
      fi;
q3:   if
      :: d_step { k < N && (k == _pid || pos[k] < j); k++ }; goto q3
      :: d_step { step[j-1] != _pid || k == N; j++ }; goto wait
      fi;
CS:   pos[_pid] = 0; goto NCS
}
