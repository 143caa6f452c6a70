/** How often, in milliseconds, a check started by npm looks whether its parent process is still there. */
const PARENT_POLL = 200;

/** An abort signal for one check, and the function that stops listening once the check is over. */
export interface Interruption {
  /** Aborted by the first SIGINT or SIGTERM, with a reason that says which ("by SIGINT"). */
  readonly signal: AbortSignal;
  /** Stops listening for signals: the default action (ending the process) applies again. */
  dispose(): void;
}

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into an abort of the returned signal while a check runs,
 * so that the check ends as incomplete (interrupted) with what it explored, printed and saved,
 * rather than with nothing. The abort's reason says what stopped it ("by SIGINT").
 *
 * Run through npx (or an npm script), the checker is not npm's child but its grandchild: npm
 * runs `sh -c 'interleave …'`, and the SIGTERM that npm passes on reaches only that shell, which
 * ends and leaves the checker running. So when npm started it (`npm_lifecycle_event` is set),
 * the check also stops once its parent process is gone.
 */
export function interruptOnSignals(): Interruption {
  const controller = new AbortController();
  const stop = (reason: string) => () => controller.abort(reason);
  const onSigint = stop('by SIGINT');
  const onSigterm = stop('by SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  const parent = process.ppid;
  const watch =
    process.env.npm_lifecycle_event !== undefined
      ? setInterval(() => {
          if (process.ppid !== parent) controller.abort('because the npm process that started it (npx, or a script) ended');
        }, PARENT_POLL).unref()
      : undefined;
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      clearInterval(watch);
    },
  };
}
