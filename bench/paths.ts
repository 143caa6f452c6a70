import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root directory (the parent of bench/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The bench directory, where RESULTS.md and results.json are written. */
export const benchDir = join(repoRoot, 'bench');

/**
 * The shared benchmark directory holding MODELS.md, the Murphi files and the Promela
 * generator: `$INTERLEAVE_SHARED/bench` when that variable is set, else `../shared/bench`
 * beside the repository. Throws when it does not exist.
 */
export function sharedBenchDir(): string {
  const shared = process.env.INTERLEAVE_SHARED ?? join(repoRoot, '..', 'shared');
  const dir = resolve(shared, 'bench');
  if (!existsSync(join(dir, 'MODELS.md'))) {
    throw new Error(
      `the shared benchmark files are not at ${dir} (looked for MODELS.md there); ` +
        'set INTERLEAVE_SHARED to the directory that holds bench/MODELS.md',
    );
  }
  return dir;
}
