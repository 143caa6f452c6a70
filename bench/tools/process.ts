import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What a finished process did. */
export interface ProcessResult {
  /** Its exit code (null when a signal ended it). */
  readonly code: number | null;
  /** The signal that ended it, if one did. */
  readonly signal: NodeJS.Signals | null;
  /** Everything it wrote to stdout. */
  readonly stdout: string;
  /** Everything it wrote to stderr. */
  readonly stderr: string;
  /** Wall-clock seconds from spawn to exit. */
  readonly wallSeconds: number;
  /** Its peak resident set size in bytes, measured by GNU time; null when /usr/bin/time is missing. */
  readonly peakRssBytes: number | null;
}

const GNU_TIME = '/usr/bin/time';

/** The full path of an executable found on PATH, or undefined. */
export function findExecutable(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Runs a command in `cwd` and collects its output, wall time and (through `/usr/bin/time -v`,
 * when present) peak RSS. Never rejects for a non-zero exit: the caller decides.
 */
export function runProcess(command: string, args: readonly string[], cwd: string): Promise<ProcessResult> {
  const timeFile = join(cwd, '.peak-rss.txt');
  const measured = existsSync(GNU_TIME);
  const [file, argv] = measured ? [GNU_TIME, ['-v', '-o', timeFile, command, ...args]] : [command, [...args]];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new Error(`could not run ${command}: ${error.message}`)));
    child.on('close', (code, signal) => {
      const wallSeconds = (performance.now() - started) / 1000;
      let peakRssBytes: number | null = null;
      if (measured && existsSync(timeFile)) {
        const kib = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'));
        peakRssBytes = kib ? Number(kib[1]) * 1024 : null;
        rmSync(timeFile);
      }
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        wallSeconds,
        peakRssBytes,
      });
    });
  });
}

/** Runs a build step (a code generator, a compiler) and throws with its output when it fails; returns its wall seconds. */
export async function runStep(command: string, args: readonly string[], cwd: string): Promise<number> {
  const result = await runProcess(command, args, cwd);
  if (result.code !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.code ?? result.signal}) in ${cwd}:\n${output}`);
  }
  return result.wallSeconds;
}

/** The first line a command prints (for tool versions), or undefined when it cannot run. */
export async function firstLineOf(command: string, args: readonly string[], cwd: string): Promise<string | undefined> {
  try {
    const result = await runProcess(command, args, cwd);
    return `${result.stdout}${result.stderr}`.trim().split('\n')[0] || undefined;
  } catch {
    return undefined;
  }
}
