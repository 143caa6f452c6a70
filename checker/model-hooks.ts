import { register } from 'node:module';

/**
 * Module resolution hooks for model files (Node's `module.register`, run on its loader thread),
 * so that a model file anywhere (in an empty folder, outside any project) can be checked:
 *
 * - `interleave-check` and `zod` (and their subpaths) that the model's folder cannot resolve
 *   are resolved from the checker's own installation instead;
 * - a `.ts` file whose package does not declare `"type": "commonjs"` (no package.json, or one
 *   without `type`) is loaded as an ES module, as models are written; tsx would otherwise
 *   compile it to CommonJS, whose `require` these hooks cannot reach.
 *
 * The hooks are a data: URL, so that they load the same way from the sources (the tests) and
 * from `dist/`: the loader thread cannot run TypeScript.
 */
const hooks = `
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let fallbackParent;
export function initialize(data) { fallbackParent = data.parentURL; }

const shared = /^(interleave-check|zod)(\\/|$)/;

function declaredType(file) {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try { return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type; } catch {}
    if (dirname(dir) === dir) return undefined;
  }
}

export async function resolve(specifier, context, next) {
  let resolved;
  try {
    resolved = await next(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !shared.test(specifier)) throw error;
    return next(specifier, { ...context, parentURL: fallbackParent });
  }
  const typeless = !resolved.format && /^file:.*\\.ts$/.test(resolved.url) && !resolved.url.includes('/node_modules/');
  return typeless && declaredType(fileURLToPath(resolved.url)) !== 'commonjs' ? { ...resolved, format: 'module' } : resolved;
}
`;

let registered = false;

/** Registers the hooks on this thread (once; each worker thread registers its own). */
export function registerModelHooks(): void {
  if (registered) return;
  registered = true;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { parentURL: import.meta.url } });
}
