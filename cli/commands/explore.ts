import { UsageError } from '../../checker/errors.js';
import { startExplorer } from '../explorer/server.js';
import { loadModel } from '../load-model.js';
import { parseParams, positiveInteger } from '../options.js';
import { ExitCode } from '../output.js';

/** The options of `interleave explore`, as commander hands them over. */
export interface ExploreFlags {
  readonly variant?: string;
  readonly param?: string[];
  readonly port?: string;
  readonly property?: string[];
  readonly deadlock: boolean;
  readonly maxStates?: string;
}

/**
 * `interleave explore <model>`: serves the explorer on 127.0.0.1, prints its URL, and runs
 * until interrupted (Ctrl-C), then stops the server and resolves.
 */
export async function explore(target: string, flags: ExploreFlags): Promise<number> {
  const { model, file, url } = await loadModel(target);
  const server = await startExplorer({
    model,
    modelUrl: url,
    variant: flags.variant,
    params: parseParams(flags.param),
    properties: flags.property,
    deadlock: flags.deadlock,
    maxStates: positiveInteger('--max-states', flags.maxStates),
    modelFile: file,
    port: portOf(flags.port),
  });
  process.stdout.write(`interleave explorer for ${model.name}: ${server.url}\n(press Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  process.stdout.write('explorer stopped\n');
  return ExitCode.ok;
}

function portOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`--port takes a port number from 0 to 65535; got "${value}"`);
  return Number(value);
}
