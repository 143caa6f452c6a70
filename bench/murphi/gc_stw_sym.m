-- Stop-the-world GC handshake toy, with the mutators declared interchangeable:
-- shared/bench/gc_stw.m with `mid` a scalarset, for rumur's
-- --symmetry-reduction exhaustive|heuristic (interleave's symmetric bench tier).
-- Nothing tells mutators apart: rules are per mutator, the collector quantifies
-- over all of them, and ids are only array indices. Without reduction the
-- counts are those of gc_stw.m (MODELS.md, model C); reduced, one state per
-- orbit is (N+2)^2 (the multisets of mutator phases in each collector phase).
--
-- Original header:
-- Stop-the-world GC handshake toy.
-- N mutator threads, each RUN -> POLL (reaches a safepoint poll) -> RUN
-- (no stop requested) or -> STOPPED (stop requested; acknowledges), and
-- STOPPED -> RUN once the request is withdrawn (clears its ack).
-- One collector: IDLE -> WAIT (sets stopRequested) -> MARK (once every
-- mutator has acked) -> RESUME (withdraws the request) -> IDLE (once every
-- mutator has cleared its ack, i.e. resumed).
-- Guarded-command style. Definition and closed-form count: MODELS.md, model C.
-- The model never stops (the collector always cycles), so deadlock detection
-- can stay on.

const
  N: 8;  -- number of mutators (>= 1); the bench rewrites this line

type
  mid:    scalarset(N);
  mphase: enum { RUN, POLL, STOPPED };
  gphase: enum { IDLE, WAIT, MARK, RESUME };

var
  mut:           array [mid] of mphase;
  ack:           array [mid] of boolean;
  stopRequested: boolean;
  gc:            gphase;

startstate "init"
begin
  for i: mid do
    mut[i] := RUN;
    ack[i] := false;
  endfor;
  stopRequested := false;
  gc := IDLE;
end;

ruleset i: mid do

  rule "mutPoll"
    mut[i] = RUN
  ==>
  begin
    mut[i] := POLL;
  end;

  rule "mutContinue"
    mut[i] = POLL & !stopRequested
  ==>
  begin
    mut[i] := RUN;
  end;

  rule "mutStop"
    mut[i] = POLL & stopRequested
  ==>
  begin
    mut[i] := STOPPED;
    ack[i] := true;
  end;

  rule "mutResume"
    mut[i] = STOPPED & !stopRequested
  ==>
  begin
    mut[i] := RUN;
    ack[i] := false;
  end;

endruleset;

rule "gcRequestStop"
  gc = IDLE
==>
begin
  stopRequested := true;
  gc := WAIT;
end;

rule "gcAllStopped"
  gc = WAIT & forall i: mid do ack[i] endforall
==>
begin
  gc := MARK;
end;

rule "gcMarkDone"
  gc = MARK
==>
begin
  stopRequested := false;
  gc := RESUME;
end;

rule "gcAllResumed"
  gc = RESUME & forall i: mid do !ack[i] endforall
==>
begin
  gc := IDLE;
end;

invariant "marking only while the world is stopped"
  gc = MARK -> forall i: mid do mut[i] = STOPPED endforall;
