import { vi } from 'vitest';
import { main } from '../../cli/main.js';
import type { CliRun } from './cli.js';

/**
 * Runs the command line in this process, as `interleave ...args` would from the repository's
 * root: the CLI's own `main` (commander's parsing, the commands, the error lines and exit
 * codes), with stdout and stderr captured and colour off. It spares a test the start of a Node
 * process (most of the suite's time once); tests of what only a process has (signals, the exit
 * of a process, npx, the bin script) spawn one with `runCli` or `start`. Runs must not overlap.
 */
export async function runInProcess(...args: string[]): Promise<CliRun & { code: number }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((text) => ((stdout += String(text)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((text) => ((stderr += String(text)), true));
  const env = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
  process.env.NO_COLOR = '1';
  delete process.env.FORCE_COLOR;
  try {
    const code = await main([process.execPath, 'interleave', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
