import { spawn } from 'node:child_process';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SymmetryForm } from '../../checker/symmetry/canonical.js';
import { instanceName, type ModelInstance } from '../instances.js';
import { repoRoot } from '../paths.js';
import type { ChildReport } from './interleave-child.js';
import { interleaveTool, type Measurement, type ModelForm, type PreparedTool, type ToolName } from './tool.js';

const childScript = fileURLToPath(new URL('./interleave-child.ts', import.meta.url));

/**
 * Interleave, ready to check an instance: each run is a fresh Node process (tsx loads the
 * TypeScript), so its peak RSS is that run's alone. Check time is the search's own
 * `stats.seconds`, without Node's start-up and module loading. Without `form` every state is
 * explored (symmetry off, as MODELS.md counts) and the tool is named after its threads; with
 * it, the search stores orbit representatives in that canonical form and the tool is named
 * after the form (the symmetric tier runs it on one thread). `model` picks the model's action
 * form or its process form.
 */
export function prepareInterleave(instance: ModelInstance, threads: number, form?: SymmetryForm, model: ModelForm = 'actions'): PreparedTool {
  const symmetry = form ?? 'off';
  const args = ['--import', 'tsx', childScript, instance.family.name, JSON.stringify(instance.size), String(threads), symmetry, model];
  const tool: ToolName = form ? `interleave ${form}` : interleaveTool(threads, model);
  return {
    tool,
    buildSeconds: 0,
    command: `node ${args.map((a) => (a === childScript ? relative(repoRoot, a) : /^[\w./=-]+$/.test(a) ? a : `'${a}'`)).join(' ')}`,
    run: async () => {
      const started = performance.now();
      const { code, stdout } = await runChild(args);
      const wallSeconds = (performance.now() - started) / 1000;
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        throw new Error(`the interleave child for ${instanceName(instance)} exited with ${code} and printed no report`);
      }
      const report = JSON.parse(line) as ChildReport;
      if (report.verdict !== 'holds') {
        throw new Error(`${tool}'s verdict on ${instanceName(instance)} is ${report.verdict}: ${report.explanation ?? ''}`);
      }
      if (report.symmetry !== symmetry) {
        throw new Error(`${tool} was asked for symmetry ${symmetry} on ${instanceName(instance)} but searched with ${report.symmetry} (does the model declare a scalarset?)`);
      }
      const { states, transitions, depth, seconds, storeBytes } = report.stats;
      return {
        tool,
        states,
        transitions,
        transitionsTolerance: 0,
        depth,
        seconds,
        wallSeconds,
        statesPerSecond: states / seconds,
        peakRssBytes: report.peakRssBytes,
        storeBytes,
        ...(report.threads ? { threads: report.threads } : {}),
      } satisfies Measurement;
    },
  };
}

/** Runs the child with stderr passed through (its progress lines), collecting stdout. */
function runChild(args: readonly string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', (error) => reject(new Error(`could not start the interleave child: ${error.message}`)));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8') }));
  });
}
