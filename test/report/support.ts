import type { Model } from '../../spec/model.js';
import { check } from '../../checker/check.js';
import { toReport, type CheckReport } from '../../checker/report/json.js';
import { bundled } from '../../models/index.js';

/** A bundled model by name. */
export function bundledModel(name: string): Model {
  const found = bundled.find((b) => b.model.name === name);
  if (!found) throw new Error(`no bundled model ${name}`);
  return found.model;
}

/** A bundled model with the URL of its module, as the explorer takes them. */
export function bundledSetup(name: string): { model: Model; modelUrl: string } {
  const found = bundled.find((b) => b.model.name === name);
  if (!found) throw new Error(`no bundled model ${name}`);
  return { model: found.model, modelUrl: found.url };
}

/** The JSON report of checking one variant, as `check --json` prints it. */
export function reportOf(model: Model, variant?: string, params?: Record<string, unknown>): CheckReport {
  return toReport(check(model, { variant, params }));
}
