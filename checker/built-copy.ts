import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The repository's root when this file runs from the sources (checker/).
const root = fileURLToPath(new URL('../', import.meta.url));
const dist = join(root, 'dist');

let build: { readonly include: readonly string[]; readonly upToDate: boolean } | undefined;

/**
 * When running from the TypeScript sources (the tests): the compiled copy in `dist/` of the
 * source file at `url` (`checker/x.ts`, or `checker/x.js` as the sources import it, gives
 * `dist/checker/x.js`), provided `npm run build` compiled every source as it is now;
 * otherwise undefined, and the source must be loaded through tsx. A worker thread starts in a
 * fifth of the time from `dist/`: tsx's loader runs on another thread, and every module it
 * loads crosses to it and back.
 */
export function builtCopy(url: URL): URL | undefined {
  if (!import.meta.url.endsWith('.ts')) return undefined;
  const path = fileURLToPath(url);
  const rel = relative(root, path).replace(/\.js$/, '.ts');
  build ??= inspectBuild();
  const built = build.include.some((entry) => rel === entry || rel.startsWith(`${entry}/`));
  const copy = join(dist, rel.replace(/\.ts$/, '.js'));
  return built && build.upToDate && existsSync(join(root, rel)) && existsSync(copy) ? pathToFileURL(copy) : undefined;
}

/** What the build compiles (tsconfig.build.json's `include`), and whether every such source has a compiled copy no older than itself. */
function inspectBuild(): { include: readonly string[]; upToDate: boolean } {
  const include = (JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as { include: string[] }).include;
  return { include, upToDate: include.every((entry) => sources(join(root, entry)).every((source) => compiledAfter(source))) };
}

/** The TypeScript sources at `path`, a file or a folder (recursively), but for declaration files. */
function sources(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => join(path, name));
}

function compiledAfter(source: string): boolean {
  const copy = join(dist, relative(root, source).replace(/\.ts$/, '.js'));
  return existsSync(copy) && statSync(copy).mtimeMs >= statSync(source).mtimeMs;
}
