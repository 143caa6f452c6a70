import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { root } from '../support/cli.js';

/** A process a test started, with what it has written so far. */
export interface Started {
  readonly child: ChildProcess;
  /** Its stdout and stderr, each, and both as they came. */
  stdout: string;
  stderr: string;
  output: string;
  /** Resolves with the exit code once it exits and its output is read. */
  readonly exited: Promise<number | null>;
}

/** Starts a process from the repository's root, collecting its stdout and stderr. */
export function start(command: string, args: readonly string[]): Started {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const started: Started = { child, stdout: '', stderr: '', output: '', exited: new Promise((resolve) => child.once('close', (code) => resolve(code))) };
  child.stdout!.on('data', (d: Buffer) => ((started.stdout += d.toString()), (started.output += d.toString())));
  child.stderr!.on('data', (d: Buffer) => ((started.stderr += d.toString()), (started.output += d.toString())));
  return started;
}

/** Starts the built CLI (dist/cli/main.js) with the given arguments. */
export function startCli(...args: string[]): Started {
  return start(process.execPath, ['dist/cli/main.js', ...args]);
}

/**
 * Runs the built CLI to its end without blocking the test's thread (a long spawnSync keeps
 * vitest's worker from answering its runner), and returns its exit code and output.
 */
export async function runCliAsync(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startCli(...args);
  const code = await run.exited;
  return { code, stdout: run.stdout, stderr: run.stderr };
}

/** Waits until a process's output matches `pattern` (polling), or fails after `seconds`. */
export async function waitFor(started: Started, pattern: RegExp, seconds = 60): Promise<RegExpMatchArray> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const found = pattern.exec(started.output);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${seconds} s; the output so far:\n${started.output}`);
    if (started.child.exitCode !== null) throw new Error(`the process exited (${started.child.exitCode}) before ${pattern}; its output:\n${started.output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stops a process: SIGTERM, then SIGKILL if it has not exited after `seconds`. */
export async function stop(started: Started, seconds = 10): Promise<void> {
  if (started.child.exitCode !== null || started.child.signalCode !== null) return;
  started.child.kill('SIGTERM');
  const timer = setTimeout(() => started.child.kill('SIGKILL'), seconds * 1000);
  await started.exited;
  clearTimeout(timer);
}

/** A TCP port on the loopback interface that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real redis-server on a free loopback port, without persistence, and waits until it
 * answers. Fails, never skips, when redis-server is not installed: these tests are the proof
 * that the Redis swarm works.
 */
export async function startRedis(): Promise<{ server: Started; url: string }> {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const binary = which.stdout.trim();
  if (which.status !== 0 || !binary) {
    throw new Error('redis-server is not installed, and the Redis swarm tests need a real one: apt-get install -y redis-server (.ci/run installs it)');
  }
  const port = await freePort();
  const server = start(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  await waitFor(server, /Ready to accept connections/, 30);
  return { server, url: `redis://127.0.0.1:${port}` };
}
