import { describe, expect, it } from 'vitest';
import { simulate } from '../../checker/simulate/simulate.js';
import { replay } from '../../checker/replay.js';
import { toReport } from '../../checker/report/json.js';
import { renderResult } from '../../checker/report/text.js';
import { UsageError } from '../../checker/errors.js';
import peterson from '../../models/peterson/peterson.js';
import philosophers from '../../models/philosophers/philosophers.js';
import counter from '../fixtures/counter.js';
import buffer from './unchecked-buffer.js';

/** Round-trips a result through its JSON report and replays it against the model. */
function replayed(model: Parameters<typeof replay>[0], result: Parameters<typeof toReport>[0]) {
  return replay(model, JSON.parse(JSON.stringify(toReport(result))));
}

describe('simulate', () => {
  it('finds the swapped writes of Peterson, shrinks them to a shortest trace, and the report replays', () => {
    const result = simulate(peterson, { variant: 'turn-first', seed: 7 });
    const o = result.outcome;
    expect(o.verdict).toBe('violates');
    if (o.verdict !== 'violates') return;
    expect(o.property).toBe('mutual exclusion');
    expect(o.trace!.steps.length).toBe(8); // breadth-first search's shortest is 8 steps
    expect(result.simulation.found!.steps).toBeGreaterThanOrEqual(8);
    expect(replayed(peterson, result).steps).toBe(8);
    expect(renderResult(result)).toMatch(/after 8 steps \(shrunk from \d+ steps found by a random walk\)/);
    expect(renderResult(result)).toMatch(/Found by run \d+ of seed 7 \(depth 100\)/);
  });

  it('finds the same counterexample again from its seed and run alone', () => {
    const first = simulate(philosophers, { variant: 'left-first', params: { n: 5 }, seed: 11, depth: 40 });
    const found = first.simulation.found!;
    const again = simulate(philosophers, { variant: 'left-first', params: { n: 5 }, seed: found.seed, depth: found.depth, runs: found.run! + 1 });
    expect(again.simulation.found).toEqual(found);
    expect(again.outcome).toEqual(first.outcome);
    expect(again.simulation.runs).toBe(found.run! + 1);
  });

  it('never says "holds": a clean run is incomplete, with the runs, the coverage and the reachability checks met', () => {
    const result = simulate(peterson, { variant: 'correct', seed: 3, runs: 200, depth: 30 });
    expect(result.outcome).toEqual({ verdict: 'incomplete', limit: 'runs', explanation: 'no violation in 200 runs of depth 30 (seed 3)' });
    const sim = result.simulation;
    expect(sim.runs).toBe(200);
    expect(sim.coverage.reduce((n, a) => n + a.fired, 0)).toBe(sim.steps);
    expect(result.stats.transitions).toBe(sim.steps);
    expect(result.stats.states).toBe(sim.steps + sim.runs); // each walk checks its initial state, then one state per step
    expect(sim.reached.map((r) => r.property).sort()).toEqual(['process 0 enters the critical section', 'process 1 enters the critical section']);
    expect(sim.unmet).toEqual([]);
    expect(result.warnings?.[0]).toMatch(/liveness properties .* were not checked/);
    expect(renderResult(result)).toMatch(/^incomplete: .*no violation in 200 runs of depth 30 \(seed 3\)\. This is not a pass\./);
  });

  it('lists the action instances no step took, and the reachability checks not met', () => {
    const result = simulate(peterson, { variant: 'correct', seed: 1, runs: 1, depth: 1 });
    const fired = result.simulation.coverage.filter((a) => a.fired > 0);
    expect(fired).toHaveLength(1);
    expect(fired[0].unfired).toHaveLength(fired[0].instances - 1);
    for (const a of result.simulation.coverage.filter((x) => x.fired === 0)) expect(a.unfired).toHaveLength(a.instances);
    expect(result.simulation.unmet).toHaveLength(2);
    expect(renderResult(result)).toMatch(/not reached in these runs: "process 0 enters the critical section"/);
  });

  it('stops at its time limit, as incomplete', () => {
    const result = simulate(peterson, { variant: 'correct', seed: 2, runs: 1e9, maxSeconds: 0.3 });
    expect(result.outcome.verdict).toBe('incomplete');
    expect(result.outcome.verdict === 'incomplete' && result.outcome.limit).toBe('time');
    expect(result.simulation.runs).toBeLessThan(1e9);
  });

  it('finds deadlocks, and with deadlock detection off does not report them', () => {
    expect(simulate(philosophers, { variant: 'left-first', params: { n: 4 }, seed: 5 }).outcome.verdict).toBe('deadlocks');
    expect(simulate(philosophers, { variant: 'left-first', params: { n: 4 }, seed: 5, deadlock: false, runs: 300 }).outcome.verdict).toBe('incomplete');
  });

  it('checks only the selected properties', () => {
    const result = simulate(buffer, { variant: 'unchecked', properties: ['the buffer never holds more than its slots'], seed: 4 });
    expect(result.outcome.verdict === 'violates' && result.outcome.property).toBe('the buffer never holds more than its slots');
  });

  it('reports a fault in the model\'s code with the trace that reached it', () => {
    const result = simulate(counter, { variant: 'throwing-effect', seed: 1 });
    expect(result.outcome.verdict).toBe('error');
    if (result.outcome.verdict !== 'error') return;
    expect(result.outcome.explanation).toMatch(/the effect of increment threw: the counter jammed/);
    expect(result.outcome.trace!.steps).toHaveLength(2);
  });

  it('rejects bad bounds and seeds with a clear error', () => {
    expect(() => simulate(peterson, { runs: 0 })).toThrow(new UsageError('runs must be a whole number of at least 1; got 0'));
    expect(() => simulate(peterson, { depth: 2.5 })).toThrow(/depth must be a whole number/);
    expect(() => simulate(peterson, { seed: 2 ** 32 })).toThrow(/the seed must be a whole number from 0 to 4294967295/);
    expect(() => simulate(peterson, { maxSeconds: 0 })).toThrow(/the time limit must be a number of seconds above 0/);
    expect(() => simulate(peterson, { variant: 'nope' })).toThrow(/has no variant "nope"/);
  });
});
