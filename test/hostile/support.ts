import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../support/cli.js';

/** A fixture of this folder by name: its path from the repository's root, and its module URL. */
export function fixture(name: string): { path: string; url: string } {
  const path = `test/hostile/fixtures/${name}.ts`;
  return { path, url: pathToFileURL(join(root, path)).href };
}

/** A fresh temporary directory. */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'interleave-hostile-'));
}

/** A process under test: its output so far, and its end. */
export interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves once `text` has appeared on stderr. */
  onStderr(text: string): Promise<void>;
  /** Resolves with the exit code (or the signal that ended it) once its output is closed. */
  readonly ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Every process started and not yet stopped: `stopAll` ends them. */
const started = new Set<Running>();

/**
 * Starts a command (by default the built CLI, `node dist/cli/main.js`, with `nodeArgs` before the
 * script) from the repository's root, without colour. Call `stopAll` after each test.
 */
export function start(args: readonly string[], options: { command?: string; nodeArgs?: readonly string[]; cwd?: string } = {}): Running {
  const command = options.command ?? process.execPath;
  const argv = options.command ? args : [...(options.nodeArgs ?? []), 'dist/cli/main.js', ...args];
  const child = spawn(command, argv, { cwd: options.cwd ?? root, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => {
    stderr += String(d);
    for (const w of waiting.filter((w) => stderr.includes(w.text))) w.resolve();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  // Output is complete only once every process holding the pipes (npx's grandchild too) has closed them.
  const closed = Promise.all(['stdout', 'stderr'].map((s) => new Promise((resolve) => child[s as 'stdout' | 'stderr'].on('close', resolve))));
  const running: Running = {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    onStderr: (text) => (stderr.includes(text) ? Promise.resolve() : new Promise((resolve) => waiting.push({ text, resolve }))),
    ended: closed.then(() => exited),
  };
  started.add(running);
  return running;
}

/**
 * Kills every process a test started and left running (a test that failed or timed out), and
 * the checker process the endless fixture names on stderr, which may be a grandchild (npx).
 */
export function stopAll(): void {
  for (const run of started) {
    run.child.kill('SIGKILL');
    const pid = /model built in process (\d+)/.exec(run.stderr())?.[1];
    try {
      if (pid) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // It has ended, as it should.
    }
  }
  started.clear();
}

/** Runs a CLI command's function in this process, capturing what it writes, with colour off. */
export { captureOutput as capture, type Captured } from '../support/run-cli.js';
