import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { tsImport } from 'tsx/esm/api';
import type { Model } from '../spec/model.js';
import { UsageError, messageOf } from '../checker/errors.js';
import { bundledModels } from '../models/index.js';

/** A model and, when it came from a file, the file's absolute path. */
export interface LoadedModel {
  /** The model. */
  readonly model: Model;
  /** The file it was loaded from; absent for a bundled model. */
  readonly file?: string;
}

const ModelShape = z.object({
  name: z.string().min(1),
  summary: z.string(),
  params: z.custom<z.ZodObject>((p) => (p as { def?: { type?: string } })?.def?.type === 'object', 'params must be a z.object schema'),
  variants: z.record(
    z.string(),
    z.object({ summary: z.string(), source: z.string(), expect: z.object({ verdict: z.enum(['holds', 'violates', 'deadlocks']) }) }),
  ),
  build: z.custom<(...args: never[]) => unknown>((f) => typeof f === 'function', 'build must be a function'),
});

/**
 * Finds a model by the name of a bundled model, or loads it from a file path
 * (`./my-model.ts`, TypeScript or JavaScript) whose default export is a model.
 */
export async function loadModel(nameOrPath: string): Promise<LoadedModel> {
  const bundled = bundledModels.find((m) => m.name === nameOrPath);
  if (bundled) return { model: bundled };
  const looksLikePath = /[\\/]|\.(m?[jt]s|cts|cjs)$/.test(nameOrPath);
  if (!looksLikePath) {
    throw new UsageError(
      `there is no bundled model named "${nameOrPath}". Bundled models: ${bundledModels.map((m) => m.name).join(', ')}. To check a model file, give its path (./my-model.ts).`,
    );
  }
  const file = resolve(nameOrPath);
  if (!existsSync(file)) throw new UsageError(`model file ${nameOrPath} does not exist`);
  let module: Record<string, unknown>;
  try {
    module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`could not load model file ${nameOrPath}: ${messageOf(error)}`);
  }
  // tsx may wrap a CommonJS-style default export once more.
  const candidate = unwrapDefault(module.default);
  const parsed = ModelShape.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `model file ${nameOrPath} must export a model as its default export (export default defineModel({...})); at ${issue.path.join('.') || 'the default export'}: ${issue.message}`,
    );
  }
  return { model: candidate as Model, file };
}

function unwrapDefault(value: unknown): unknown {
  const inner = (value as { default?: unknown } | undefined)?.default;
  return inner && typeof inner === 'object' && 'build' in inner ? inner : value;
}
