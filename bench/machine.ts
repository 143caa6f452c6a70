import os from 'node:os';
import { firstLineOf } from './tools/process.js';
import type { AvailableTools } from './tools/available.js';

/** The machine and tool versions a benchmark ran with. */
export interface Machine {
  /** The first CPU's model name. */
  readonly cpu: string;
  /** Logical cores. */
  readonly cores: number;
  /** Total memory in bytes. */
  readonly memoryBytes: number;
  /** Operating system and kernel release. */
  readonly os: string;
  /** Node's version. */
  readonly node: string;
  /** Versions of the comparison tools that ran, and of the compilers. */
  readonly tools: Readonly<Record<string, string>>;
}

/** Describes this machine and asks each available tool for its version. */
export async function describeMachine(available: AvailableTools, cwd: string): Promise<Machine> {
  const probes: [string, string, string[], boolean][] = [
    ['spin', 'spin', ['-V'], available.spin],
    ['gcc', 'gcc', ['--version'], available.spin],
    ['rumur', 'rumur', ['--version'], available.rumur],
    ['cc', 'cc', ['--version'], available.rumur],
  ];
  const tools: Record<string, string> = {};
  for (const [name, command, args, present] of probes) {
    const version = present ? await firstLineOf(command, args, cwd) : undefined;
    if (version) tools[name] = version;
  }
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    tools,
  };
}
