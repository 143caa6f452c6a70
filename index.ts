/**
 * interleave's package entry point: the modelling API (`defineModel`, `system`, properties,
 * expectations), the checker (`check`, `checkInParallel`, `replay`), random simulation and
 * swarms (`simulate`, `swarm`), the trace renderers, and test assertions. Documented in
 * docs/api.md.
 *
 * @packageDocumentation
 */
export * from './spec/index.js';
export * from './checker/index.js';
export { assertHolds, assertViolates, assertDeadlocks, assertReachable, assertVariants, assertSymmetric } from './checker/assertions.js';
export type { AssertOptions, ViolationResult, DeadlockResult } from './checker/assertions.js';
