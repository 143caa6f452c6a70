import type { Model } from '../spec/model.js';
import { instantiate } from './instance.js';
import type { CheckResult } from './result.js';
import { breadthFirstSearch } from './search/bfs.js';
import type { SearchOptions } from './search/options.js';

/** What to check: a variant, parameter values, and how to search. */
export interface CheckOptions extends SearchOptions {
  /** The variant (default: the model's first). */
  readonly variant?: string;
  /** Parameter values; the rest take the variant's, then the model's defaults. */
  readonly params?: Record<string, unknown>;
  /** Check only these properties (by name); default: all of them. */
  readonly properties?: readonly string[];
}

/**
 * Checks one variant of a model exhaustively and returns the verdict with its statistics
 * and, for a violation, the shortest trace. Bad input (unknown variant, bad parameter,
 * a schema without finite domains) throws an InterleaveError; a fault in the model's own
 * guards, effects or properties is an outcome with verdict "error".
 */
export function check(model: Model, options: CheckOptions = {}): CheckResult {
  const instance = instantiate(model, options.variant, options.params, options.properties);
  const { outcome, stats } = breadthFirstSearch(instance, options);
  return {
    model: model.name,
    variant: instance.variant,
    params: instance.params,
    expected: instance.variantSpec.expect,
    outcome,
    stats,
  };
}
