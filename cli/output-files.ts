import { accessSync, constants, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError, messageOf } from '../checker/errors.js';
import type { CheckReport } from '../checker/report/json.js';
import { renderMermaidReport } from '../checker/report/mermaid.js';

/** A file a flag names (`--out FILE`), if given. */
export interface OutputPath {
  /** The flag, as `--out`. */
  readonly flag: string;
  /** The file it names, if given. */
  readonly file?: string;
}

/** A file a command writes when a flag names it, and how to render it. */
export interface OutputFile extends OutputPath {
  /** The file's content; undefined when the result has nothing for it (no trace to draw). */
  readonly render: () => string | undefined;
}

/**
 * Checks, before any search, that every file the flags name can be written: not a directory,
 * in a directory that exists, writable, and no file named twice. A search is never thrown away
 * for want of somewhere to put its result. Throws a UsageError naming the flag.
 */
export function checkOutputFiles(outputs: readonly OutputPath[]): void {
  const named = outputs.filter((o): o is OutputPath & { file: string } => o.file !== undefined);
  for (const { flag, file } of named) {
    const stats = statOrUndefined(flag, file);
    if (stats?.isDirectory()) throw new UsageError(`${flag} ${file}: that is a directory; give the path of a file to write`);
    if (stats && !writable(file)) throw new UsageError(`${flag} ${file}: the file is not writable`);
    if (!stats) {
      const dir = dirname(resolve(file));
      const parent = statOrUndefined(flag, dir);
      if (!parent) throw new UsageError(`${flag} ${file}: directory ${dir} does not exist`);
      if (!parent.isDirectory()) throw new UsageError(`${flag} ${file}: ${dir} is not a directory`);
      if (!writable(dir)) throw new UsageError(`${flag} ${file}: directory ${dir} is not writable`);
    }
  }
  named.forEach((a, i) => {
    const twin = named.find((b, j) => j > i && resolve(b.file) === resolve(a.file));
    if (twin) throw new UsageError(`${a.flag} and ${twin.flag} both name ${a.file}; give each its own file`);
  });
}

/**
 * Writes each named file. Returns the outputs left unwritten because the result has nothing
 * for them (a pass has no trace to draw); throws a UsageError when a write fails.
 */
export function writeOutputFiles(outputs: readonly OutputFile[]): OutputPath[] {
  const skipped: OutputPath[] = [];
  for (const output of outputs) {
    if (output.file === undefined) continue;
    const content = output.render();
    if (content === undefined) {
      skipped.push(output);
      continue;
    }
    try {
      writeFileSync(output.file, content);
    } catch (error) {
      throw new UsageError(`could not write ${output.file}: ${messageOf(error)}`);
    }
  }
  return skipped;
}

/**
 * A report's trace as a `--mermaid` file's content: the Mermaid diagram, in a ```mermaid fence
 * when the file is Markdown (`.md`), ready to paste into an issue; undefined with no trace.
 */
export function mermaidFile(report: CheckReport, file: string | undefined): string | undefined {
  return report.trace && renderMermaidReport(report, { markdown: file !== undefined && /\.(md|markdown)$/i.test(file) });
}

/** A value as a JSON file's content. */
export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function statOrUndefined(flag: string, path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`${flag} ${path}: ${messageOf(error)}`);
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
