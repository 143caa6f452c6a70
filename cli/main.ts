#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { InterleaveError } from '../checker/errors.js';
import { checkAll } from './commands/check-all.js';
import { checkOne } from './commands/check.js';
import { explore } from './commands/explore.js';
import { listModels } from './commands/list.js';
import { replayFile } from './commands/replay.js';
import { simulateCommand } from './commands/simulate.js';
import { swarmCommand } from './commands/swarm.js';
import { workerCommand } from './commands/worker.js';
import { collect, type CheckFlags } from './options.js';
import { ExitCode, useColor } from './output.js';
import { typecheckTarget } from './typecheck.js';

// dist/cli/main.js, or cli/main.ts when the tests run the command line in their own process.
const packageJson = new URL(import.meta.url.endsWith('.ts') ? '../package.json' : '../../package.json', import.meta.url);
const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };

/** Builds the command line; each action resolves to the process exit code. */
function program(setExit: (code: number) => void): Command {
  const cli = new Command('interleave')
    .description('An explicit-state model checker for concurrency, GC and stack bugs.')
    .version(version)
    .showHelpAfterError('(run interleave --help for usage)');

  cli
    .command('list')
    .description('list the bundled models, their parameters, variants and expected verdicts')
    .option('--json', 'print one JSON document')
    .option('--no-color', 'plain text even on a terminal')
    .action((flags) => setExit(listModels(flags)));

  cli
    .command('check')
    .description('check a model (a bundled model name or a file path), or with --all every bundled variant')
    .argument('[model]', 'bundled model name, or path to a model file (./my-model.ts)')
    .option('--all', 'check every variant of every bundled model (or of the given model) and print the verdict table')
    .option('-v, --variant <name>', 'the variant to check (default: the model\'s first)')
    .option('-p, --param <name=value>', 'set a parameter (repeatable)', collect)
    .option('--property <name>', 'check only this property (repeatable; default: all)', collect)
    .option('--witness <name>', 'also print a shortest trace to a state that meets this reachability (sometimes) check')
    .option('--json', 'print the report as JSON (documented in docs/json-report.md)')
    .option('--out <file>', 'also write the JSON report to a file (for interleave replay)')
    .option('--itf <file>', 'write the trace in the Informal Trace Format (Apalache ADR-015)')
    .option('--html <file>', 'write the trace as a self-contained HTML report (a sequence diagram, one lane per actor)')
    .option('--svg <file>', 'write the trace as a standalone SVG sequence diagram')
    .option('--mermaid <file>', 'write the trace as a Mermaid sequence diagram, which GitHub and GitLab draw (in a ```mermaid fence when FILE ends in .md)')
    .option('--wide', 'with --all: the full table (expected and found verdicts in full, transitions), whatever the terminal\'s width')
    .option('--max-states <n>', 'stop, as incomplete, after n distinct states')
    .option('--max-depth <n>', 'do not explore beyond depth n (incomplete if there was more)')
    .option('--max-memory <MiB>', 'stop, as incomplete, when the process passes this much memory')
    .option('--max-seconds <n>', 'stop, as incomplete, after n seconds of search')
    .option('--workers <n>', 'threads expanding the states of large levels, the main thread included (default: one per core, at most 4 per core); results do not depend on it')
    .option('--fingerprint', 'store 64-bit fingerprints instead of states, for spaces beyond memory: exhaustive only up to fingerprint collisions (no liveness)')
    .option('--symmetry <form>', 'for models that declare scalarsets: auto (default), exact (one state per orbit) or fast (sort-based, may keep several per orbit)')
    .option('--no-symmetry', 'explore every state, even of a model that declares scalarsets')
    .option('--verify-symmetry', 'first check on the unreduced graph that the model honours its scalarsets (use small parameters)')
    .option('--no-deadlock', 'do not report states with no enabled action as deadlocks')
    .option('--validate', 'extra checks for model authors: frozen states for guards, deterministic effects')
    .option('--full', 'show every field of every state in a trace, not only the changes')
    .option('--coverage', 'print, for each action and instance, the states that enabled it and the new states it made')
    .option('--typecheck', 'first type-check the model file with TypeScript (as tsc --noEmit); stop on a type error')
    .option('-q, --quiet', 'no progress on stderr (a live line on a terminal, else a line every 10 s)')
    .option('--log-every <seconds>', 'when stderr is not a terminal (a CI log): a progress line every n seconds (default 10)')
    .option('--no-color', 'plain text even on a terminal')
    .action(async (target: string | undefined, flags: CheckFlags) => {
      if (flags.typecheck) await typecheckTarget(target, useColor(flags.color));
      if (flags.all) return setExit(await checkAll(target, flags));
      if (!target) throw new InterleaveError('check needs a model name or file (interleave list shows them), or --all');
      setExit(await checkOne(target, flags));
    });

  cli
    .command('replay')
    .description('re-execute a trace saved with check --out, --json or --itf and confirm the violation reproduces')
    .argument('<file>', 'a JSON report (check --out) or an ITF trace (check --itf) written by interleave check')
    .addOption(new Option('--model <model>', 'the model to replay against: a bundled model name or a model file (default: the bundled model the file names; a model file is never loaded unless named here)'))
    .option('--json', 'print the result as JSON')
    .option('--html <file>', 'after replaying, write the trace as a self-contained HTML report')
    .option('--svg <file>', 'after replaying, write the trace as a standalone SVG sequence diagram')
    .option('--mermaid <file>', 'after replaying, write the trace as a Mermaid sequence diagram (in a ```mermaid fence when FILE ends in .md)')
    .action(async (file: string, flags) => setExit(await replayFile(file, flags)));

  cli
    .command('explore')
    .description('walk a model by hand in the browser: a local web UI on 127.0.0.1')
    .argument('<model>', 'bundled model name, or path to a model file (./my-model.ts)')
    .option('-v, --variant <name>', 'the variant to explore (default: the model\'s first)')
    .option('-p, --param <name=value>', 'set a parameter (repeatable)', collect)
    .option('--property <name>', 'check only this property (repeatable; default: all)', collect)
    .option('--no-deadlock', 'do not report states with no enabled action as deadlocks')
    .option('--max-states <n>', 'the shortest-counterexample search stops, as incomplete, after n distinct states')
    .option('--port <n>', 'the port to serve on (default: one the system picks)')
    .action(async (target: string, flags) => setExit(await explore(target, flags)));

  cli.addCommand(simulateCommand(setExit));
  cli.addCommand(swarmCommand(setExit));
  cli.addCommand(workerCommand(setExit));

  return cli;
}

/**
 * Runs the command line and returns the exit code. Bad input prints one clear line, never a
 * stack trace; so does anything else that goes wrong, with an exit code of its own.
 */
export async function main(argv: string[]): Promise<number> {
  let code: number = ExitCode.ok;
  const cli = program((c) => (code = c)).exitOverride();
  for (const sub of cli.commands) sub.exitOverride();
  try {
    await cli.parseAsync(argv);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error has already printed its message.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.error;
    }
    return failure(error);
  }
}

/**
 * Prints one line for an error and returns the exit code: 2 for bad input or a model's fault
 * (an InterleaveError, whose message says what to fix); for an error interleave does not know,
 * a line naming it and an exit code of its own, which says "a bug to report".
 */
function failure(error: unknown): number {
  if (error instanceof InterleaveError) {
    process.stderr.write(`interleave: ${error.message}\n`);
    return ExitCode.error;
  }
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(`interleave: internal error: ${what.split('\n')[0]}. This is a bug in interleave: please report it with the command that caused it\n`);
  return ExitCode.internal;
}

/** Whether this module is the process's main script (through a symlink, as npx runs it), not imported. */
function isMainScript(): boolean {
  return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
}

if (isMainScript()) {
  // A reader that stops early (| head) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  // An error thrown outside the command's own chain of promises (from a callback) ends the process the same way.
  process.on('uncaughtException', (error) => process.exit(failure(error)));
  process.on('unhandledRejection', (error) => process.exit(failure(error)));
  process.exitCode = await main(process.argv);
}
