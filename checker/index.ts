/**
 * The checker's programmatic API: check a model (or simulate it, or run a swarm), read the
 * result, render traces.
 *
 * @packageDocumentation
 */
export { check, checkInParallel } from './check.js';
export type { CheckOptions, ParallelCheckOptions } from './check.js';
export { simulate } from './simulate/simulate.js';
export type { SimulateOptions, SimulationResult, SimulationSelection, SimulationProgress } from './simulate/simulate.js';
export { swarm } from './simulate/swarm.js';
export type { SwarmOptions, RedisSwarmOptions } from './simulate/swarm.js';
export type { SimulationInfo, Origin, ActionCoverage, OtherCounterexample } from './simulate/info.js';
export type { Sighting } from './simulate/tally.js';
export { replay, ReplayError } from './replay.js';
export type { ReplayResult } from './replay.js';
export { renderResult, renderTrace, renderHeadline, renderStats } from './report/text.js';
export type { TextOptions } from './report/text.js';
export { toReport, CheckReportJson, CheckAllReportJson, TraceJson } from './report/json.js';
export type { CheckReport, CheckAllReport } from './report/json.js';
export { toItf, fromItf, ItfTraceJson } from './report/itf.js';
export { renderHtmlReport } from './report/html.js';
export type { HtmlReportOptions } from './report/html.js';
export { renderSvgReport } from './report/svg.js';
export { renderMermaidReport } from './report/mermaid.js';
export type { ItfValue, ReplayInput } from './report/itf.js';
export { instantiate } from './instance.js';
export { verifySymmetry } from './symmetry/verify.js';
export type { SymmetryVerified } from './symmetry/verify.js';
export type { SymmetryOption } from './symmetry/reduction.js';
export type { SymmetryForm } from './symmetry/canonical.js';
export type { Instance, ActionInstance, NamedProperty } from './instance.js';
export { breadthFirstSearch } from './search/bfs.js';
export type { SearchResult } from './search/bfs.js';
export type { SearchOptions, Progress } from './search/options.js';
export { meetsExpectation, describeOutcome } from './result.js';
export type { CheckResult, Outcome, Statistics, Limit } from './result.js';
export type { Trace, TraceStep } from './trace/trace.js';
export { changedFields } from './trace/diff.js';
export type { FieldChange } from './trace/diff.js';
export { InterleaveError, UsageError, SchemaError, DomainError } from './errors.js';
