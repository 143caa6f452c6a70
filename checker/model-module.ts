import { z } from 'zod';
import type { Model } from '../spec/model.js';
import { UsageError, messageOf } from './errors.js';
import { registerModelHooks } from './model-hooks.js';

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

/** The checker's own files (`dist/`, or the sources when the tests run them). */
const installation = new URL('..', import.meta.url).href;

/**
 * Imports the module at `url` (TypeScript through tsx, or JavaScript) and returns its default
 * export, checked to be a model. `what` names the module in error messages.
 */
export async function importModel(url: string, what: string): Promise<Model> {
  // The bundled models resolve the checker's packages anyway: no hooks thread for them.
  if (!url.startsWith(installation)) registerModelHooks();
  let module: Record<string, unknown>;
  try {
    module = /\.[cm]?ts$/.test(url)
      ? ((await (await import('tsx/esm/api')).tsImport(url, import.meta.url)) as Record<string, unknown>)
      : ((await import(url)) as Record<string, unknown>);
  } catch (error) {
    const message = readable(messageOf(error));
    // The hooks lend these packages to ES modules only: a CommonJS model must find them itself.
    const hint = /Cannot find module '(interleave-check|zod)'/.test(message)
      ? '. A model in a "type": "commonjs" package needs them installed beside it (npm install --save-dev interleave-check zod@4), or to be an ES module (.mts)'
      : '';
    throw new UsageError(`could not load model file ${what}: ${message}${hint}`);
  }
  const candidate = unwrapDefault(module.default);
  const parsed = ModelShape.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `model file ${what} must export a model as its default export (export default defineModel({...})); at ${issue.path.join('.') || 'the default export'}: ${issue.message}`,
    );
  }
  return candidate as Model;
}

/**
 * A loading error's message without what means nothing to the user: the `?namespace=` query
 * tsx marks its modules with, and the require stack node adds to a CommonJS module's.
 */
function readable(message: string): string {
  return message.split('\nRequire stack:')[0].replace(/\?namespace=[\w-]+/g, '');
}

/** tsx may wrap a module's default export once more. */
function unwrapDefault(value: unknown): unknown {
  const inner = (value as { default?: unknown } | undefined)?.default;
  return inner && typeof inner === 'object' && 'build' in inner ? inner : value;
}
