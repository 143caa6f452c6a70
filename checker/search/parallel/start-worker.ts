import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { builtCopy } from '../../built-copy.js';

/**
 * Starts a worker thread running the module `name`, resolved against the URL `base` (the
 * caller's `import.meta.url`), with `workerData`: the compiled `name.js`, or, when running
 * from the TypeScript sources (the tests), its compiled copy in `dist/` if the build is up to
 * date, else `name.ts` loaded through tsx.
 */
export function startWorker(base: string, name: string, workerData: unknown): Worker {
  const js = new URL(`${name}.js`, base);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData });
  const source = new URL(`${name}.ts`, base);
  const built = builtCopy(source);
  if (built) return new Worker(built, { workerData });
  const ts = JSON.stringify(source.href);
  return new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${ts}, ${ts}));`, { eval: true, workerData });
}
