-- Peterson's filter lock with the processes declared interchangeable:
-- shared/bench/filter.m with `pid` a scalarset, for rumur's
-- --symmetry-reduction exhaustive|heuristic (interleave's symmetric bench tier).
-- Process ids are only compared for equality (last[L] != i, k = i), stored
-- (last[L] := i) and used as indices; the order comparisons and arithmetic are
-- on levels, which are not ids. The one id constant, last[L] = 0 initially,
-- cannot be written for a scalarset, so there is one start state per process
-- j with last[L] = j: all in one orbit, and each reachable from any other
-- (process j alone climbs every level and leaves), so the unreduced counts
-- stay those of filter.m (MODELS.md, model B).
--
-- Original header:
-- Peterson's filter lock for N processes (generalised Peterson).
-- Guarded-command style; the waiting condition is evaluated atomically.
-- Definition: see MODELS.md, model B.
-- The lock is deadlock-free, so Murphi's default deadlock detection can stay on.

const
  N: 3;  -- number of processes (>= 2); the bench rewrites this line

type
  pid:   scalarset(N);
  lvl:   0..N-1;   -- level[i] = 0: not competing
  wlvl:  1..N-1;   -- the levels that have a last_to_enter slot
  ppc:   enum { NCS, SETLAST, WAIT, CS };

var
  pc:    array [pid] of ppc;
  level: array [pid] of lvl;
  last:  array [wlvl] of pid;    -- last_to_enter[L]

-- one start state per process j, the last to have entered every level
ruleset j: pid do
  startstate "init"
  begin
    for i: pid do
      pc[i] := NCS;
      level[i] := 0;
    endfor;
    for l: wlvl do
      last[l] := j;
    endfor;
  end;
endruleset;

ruleset i: pid do

  -- leave the non-critical section: level[i] := 1 (first iteration of the loop)
  rule "enter"
    pc[i] = NCS
  ==>
  begin
    level[i] := 1;
    pc[i] := SETLAST;
  end;

  -- last_to_enter[level[i]] := i
  rule "setLast"
    pc[i] = SETLAST
  ==>
  begin
    last[level[i]] := i;
    pc[i] := WAIT;
  end;

  -- wait until (last_to_enter[L] != i or no other process is at level >= L),
  -- then go one level up, or into the critical section from level N-1
  rule "pass"
    pc[i] = WAIT &
    ( last[level[i]] != i |
      forall k: pid do (k = i | level[k] < level[i]) endforall )
  ==>
  begin
    if level[i] = N - 1 then
      pc[i] := CS;
    else
      level[i] := level[i] + 1;
      pc[i] := SETLAST;
    endif;
  end;

  rule "exit"
    pc[i] = CS
  ==>
  begin
    level[i] := 0;
    pc[i] := NCS;
  end;

endruleset;

invariant "mutual exclusion"
  forall i: pid do
    forall j: pid do
      (i = j | !(pc[i] = CS & pc[j] = CS))
    endforall
  endforall;
