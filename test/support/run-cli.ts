import { vi } from 'vitest';
import { main } from '../../cli/main.js';
import type { CliRun } from './cli.js';

/** What a command run in this process printed, and its exit code. */
export interface Captured extends CliRun {
  readonly code: number;
}

/**
 * Runs a CLI command's function in this process with stdout and stderr captured and colour
 * off (NO_COLOR, as the spawned runs get it, whatever the environment says: CI=true would
 * turn colour on), and restores both afterwards. Runs must not overlap.
 */
export async function captureOutput(command: () => Promise<number>): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((text) => ((stdout += String(text)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((text) => ((stderr += String(text)), true));
  const env = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
  process.env.NO_COLOR = '1';
  delete process.env.FORCE_COLOR;
  try {
    const code = await command();
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

/**
 * Runs the command line in this process, as `interleave ...args` would from the repository's
 * root: the CLI's own `main` (commander's parsing, the commands, the error lines and exit
 * codes), through `captureOutput`. It spares a test the start of a Node process (most of the
 * suite's time once); tests of what only a process has (signals, the exit of a process, npx,
 * the bin script) spawn one with `runCli` or `start`.
 */
export function runInProcess(...args: string[]): Promise<Captured> {
  return captureOutput(() => main([process.execPath, 'interleave', ...args]));
}
