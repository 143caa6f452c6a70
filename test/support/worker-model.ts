import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtCopy } from '../../checker/built-copy.js';
import { root } from './cli.js';

/** Where the compiled copies of test models go (git ignores test-artifacts/). */
const compiled = join(root, 'test-artifacts', 'worker-models');

/**
 * The URL a test hands worker threads as the module of the model at `path` (a .ts file,
 * relative to the repository's root or a file: URL): compiled JavaScript when the build in
 * `dist/` is up to date, so that a worker starts in a fifth of the time it takes through tsx.
 * A bundled model's copy is the build's; a test model is compiled to test-artifacts/ (its
 * `interleave-check` is then `dist/index.js`, hence the build must be up to date too). The
 * workers still build their instance from it and must find it the same as the main thread's,
 * which the test imported from the sources. Otherwise, the .ts file itself.
 */
export function workerModelUrl(path: string): string {
  const source = path.startsWith('file:') ? fileURLToPath(path) : join(root, path);
  const url = pathToFileURL(source);
  const built = builtCopy(url);
  if (built) return built.href;
  if (!builtCopy(pathToFileURL(join(root, 'index.ts')))) return url.href;
  const copy = join(compiled, relative(root, source).replace(/\.ts$/, '.js'));
  if (!existsSync(copy) || statSync(copy).mtimeMs < statSync(source).mtimeMs) compile(source, copy);
  return pathToFileURL(copy).href;
}

/** Compiles a one-file model to JavaScript (its imports unchanged); written whole, then renamed, as another test file may read it meanwhile. */
function compile(source: string, copy: string): void {
  const text = readFileSync(source, 'utf8');
  if (/from '\.\.?\//.test(text)) throw new Error(`${source} imports other files: only a one-file model is compiled for the workers`);
  const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');
  const { outputText } = ts.transpileModule(text, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: source,
  });
  mkdirSync(dirname(copy), { recursive: true });
  const partial = `${copy}.${process.pid}.tmp`;
  writeFileSync(partial, outputText);
  renameSync(partial, copy);
}
