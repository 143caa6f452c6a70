import pc from 'picocolors';
import { approximateCount, count, mebibytes, perState, ratio, seconds } from './format.js';
import type { Machine } from './machine.js';
import type { InstanceResult } from './measure.js';
import { speedRatio, summarize, type Run } from './stats.js';
import type { Tier, UnreducedTier } from './instances.js';
import { markdownTable, textTable, type Table } from './tables.js';
import type { ToolName } from './tools/tool.js';

/** What every tier's run records besides its instances. */
export interface RunRecord {
  /** When it ran (ISO 8601). */
  readonly date: string;
  /** The command that ran it. */
  readonly command: string;
  /** The tier. */
  readonly tier: Tier;
  /** Runs per tool and instance. */
  readonly runs: number;
  /** Where it ran. */
  readonly machine: Machine;
  /** Tools that were not run, and how to install them. */
  readonly missingTools: readonly string[];
}

/** A whole run of an unreduced tier: its section of RESULTS.md and its entry in results.json. */
export interface BenchReport extends RunRecord {
  /** The tier. */
  readonly tier: UnreducedTier;
  /** The instances' results. */
  readonly instances: readonly InstanceResult[];
}

/** What the notes under an instance's table are made of. */
type Notable = Pick<InstanceResult, 'builds' | 'failures' | 'mismatches'> & { readonly runs?: readonly Run[] };

/** The per-instance table: one row per tool, with medians. */
export function toolTable(result: { readonly runs: readonly Run[] }): Table {
  return {
    header: ['tool', 'states', 'transitions', 'check time', 'states/s', 'peak RSS', 'RSS B/state', 'store B/state'],
    rows: summarize(result.runs).map((s) => [
      s.tool,
      count(s.states),
      approximateCount(s.transitions, s.transitionsTolerance),
      seconds(s.seconds),
      count(s.statesPerSecond),
      mebibytes(s.peakRssBytes),
      perState(s.rssBytesPerState),
      perState(s.storeBytesPerState),
    ]),
  };
}

/** The interleave tools that ran: single-thread first, then on several threads. */
function interleaveTools(results: readonly InstanceResult[]): ToolName[] {
  const names = new Set(results.flatMap((r) => r.runs.map((run) => run.tool)));
  return [...names].filter((t) => t.startsWith('interleave')).sort((a, b) => a.length - b.length || a.localeCompare(b));
}

/** The summary table: one row per instance with the speed ratios of each interleave tool to SPIN and rumur. */
function summaryTable(results: readonly InstanceResult[]): Table {
  const mine = interleaveTools(results);
  const rated = [...mine, 'SPIN', 'rumur'] as ToolName[];
  const pairs = mine.flatMap((t) => (['SPIN', 'rumur'] as const).map((other) => [t, other] as const));
  return {
    header: ['instance', 'states', ...rated.map((t) => `${t} states/s`), ...pairs.map(([t, other]) => `${t}/${other}`), 'interleave RSS B/state'],
    rows: results.map((result) => {
      const summaries = summarize(result.runs);
      const rate = (tool: string) => {
        const s = summaries.find((x) => x.tool === tool);
        return s ? count(s.statesPerSecond) : 'n/a';
      };
      return [
        result.name,
        count(result.expected.states),
        ...rated.map(rate),
        ...pairs.map(([t, other]) => ratio(speedRatio(result.runs, other, t))),
        perState(summaries.find((x) => x.tool === 'interleave')?.rssBytesPerState),
      ];
    }),
  };
}

/** Each interleave tool's speed over SPIN's and rumur's on one instance (and the process form's over the action form's), in words. */
function ratioSentence(result: InstanceResult): string {
  const processForm = result.runs.some((r) => r.tool === 'process form')
    ? [`process form/interleave states/s: ${ratio(speedRatio(result.runs, 'interleave', 'process form'))}`]
    : [];
  return [
    ...interleaveTools([result]).map((t) => `${t}/SPIN states/s: ${ratio(speedRatio(result.runs, 'SPIN', t))}, ${t}/rumur: ${ratio(speedRatio(result.runs, 'rumur', t))}`),
    ...processForm,
  ].join('; ');
}

/**
 * For each interleave tool on several threads: its speed over one thread's, measured side by
 * side; and where the time went (medians over the runs): the wall-clock seconds each worker
 * thread was busy, and the CPU seconds it used (the load of the machine inflates the first, not
 * the second), the main thread's CPU seconds alone, the serial fraction f = main / (main + sum of
 * the workers' CPU), and the speed-up Amdahl's law gives for 16 threads from it, 1 / (f + (1 - f) / 16).
 */
export function threadSentences(result: { readonly runs: readonly Run[] }): string[] {
  const tools = [...new Set(result.runs.filter((r) => r.threads && r.tool !== 'interleave').map((r) => r.tool))];
  return tools.map((tool) => {
    const runs = result.runs.filter((r) => r.tool === tool && r.threads);
    const mid = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
    const stats = runs.map((r) => r.threads!);
    const busy = stats[0].busySeconds.map((_, i) => mid(stats.map((t) => t.busySeconds[i] ?? 0)));
    const cpu = stats[0].cpuSeconds.map((_, i) => mid(stats.map((t) => t.cpuSeconds[i] ?? 0)));
    const fractions = stats.filter((t) => t.mainCpuSeconds !== undefined && t.cpuSeconds.length > 0).map((t) => t.mainCpuSeconds! / (t.mainCpuSeconds! + t.cpuSeconds.reduce((a, b) => a + b, 0)));
    const f = fractions.length > 0 ? mid(fractions) : undefined;
    const last = stats.at(-1)!;
    const parts = [
      `${tool}/interleave states/s: ${ratio(speedRatio(result.runs, 'interleave', tool))}`,
      last.engine === 'one thread' ? `ran on one thread: ${last.fallback}` : `${last.parallelLevels} of ${last.levels} levels on the workers`,
      `workers busy ${busy.map((b) => seconds(b)).join(', ')}${cpu.length > 0 ? ` (CPU ${cpu.map((c) => seconds(c)).join(', ')})` : ''}`,
      `main thread alone ${seconds(mid(stats.map((t) => t.serialSeconds)))} (${seconds(mid(stats.map((t) => t.levelEndSeconds)))} ending levels${f === undefined ? '' : `, CPU ${seconds(mid(stats.map((t) => t.mainCpuSeconds!)))}`})`,
      `waiting for the workers to start ${seconds(mid(stats.map((t) => t.startSeconds)))}`,
      `table grown mid-level ${last.growths} times (${seconds(mid(stats.map((t) => t.growthSeconds)))})`,
      ...(f === undefined ? [] : [`serial fraction ${f.toFixed(3)}, Amdahl at 16 threads ${ratio(1 / (f + (1 - f) / 16))}`]),
    ];
    return `${parts.join('; ')}.`;
  });
}

/** Build times, failures and count mismatches of one instance, as lines. */
function notes(result: Notable): string[] {
  const builds = result.builds.filter((b) => b.buildSeconds > 0).map((b) => `${b.tool} ${seconds(b.buildSeconds)}`);
  return [
    ...(builds.length > 0 ? [`Verifier build time (not in check time): ${builds.join(', ')}.`] : []),
    ...(result.runs ? threadSentences({ runs: result.runs }) : []),
    ...result.failures.map((f) => `FAILED: ${f}`),
    ...result.mismatches.map((m) => `COUNT MISMATCH: ${m}`),
  ];
}

/** The notes of one instance for the terminal, failures and mismatches in red. */
export function loudNotes(result: Notable): string[] {
  return notes(result).map((n) => (n.startsWith('FAILED') || n.startsWith('COUNT') ? pc.red(pc.bold(n)) : n));
}

/** The notes of one instance in Markdown, each a paragraph, failures and mismatches in bold. */
export function markdownNotes(result: Notable): string[] {
  return notes(result).map((n) => `\n${n.startsWith('FAILED') || n.startsWith('COUNT') ? `**${n}**` : n}`);
}

/** "(medians over 3 runs, ratios within each run)" */
export function overRuns(runs: number): string {
  return `(medians over ${runs} run${runs === 1 ? '' : 's'}, ratios within each run)`;
}

/** One instance's results for the terminal: its table, the ratios, and loud failures. */
export function renderInstance(result: InstanceResult, runs: number): string {
  return [pc.bold(result.name), textTable(toolTable(result)), `${ratioSentence(result)} ${overRuns(runs)}`, ...loudNotes(result)].join('\n');
}

/** The summary of every instance for the terminal. */
export function renderSummary(results: readonly InstanceResult[]): string {
  return [pc.bold('Summary (states/s: medians; ratios: interleave over the other tool, within each run)'), textTable(summaryTable(results))].join('\n');
}

/** The lines that say where a tier ran: CPU, OS, Node, tool versions, missing tools. */
export function machineLines(record: RunRecord): string[] {
  const { machine } = record;
  return [
    `- CPU: ${machine.cpu}, ${machine.cores} logical cores, ${mebibytes(machine.memoryBytes)} memory`,
    `- OS: ${machine.os}`,
    `- Node ${machine.node}`,
    ...Object.entries(machine.tools).map(([name, version]) => `- ${name}: ${version}`),
    ...record.missingTools.map((hint) => `- ${hint}`),
  ];
}

/** "Written by `npm run bench -- --runs 3` on <date> (3 runs per tool and instance, medians)." */
export function writtenBy(record: RunRecord): string {
  return `Written by \`${record.command}\` on ${record.date} (${record.runs} run${record.runs === 1 ? '' : 's'} per tool and instance, medians).`;
}

/** An unreduced tier's section of RESULTS.md: the command, the machine, the summary and every instance's table. */
export function renderMarkdown(report: BenchReport): string {
  const sections = report.instances.flatMap((result) => [
    `### ${result.name}`,
    '',
    markdownTable(toolTable(result)),
    '',
    `${ratioSentence(result)}.`,
    ...markdownNotes(result),
    '',
  ]);
  return [
    `## ${report.tier === 'medium' ? 'Medium' : 'Large'} tier`,
    '',
    writtenBy(report),
    '',
    ...machineLines(report),
    '',
    '### Summary',
    '',
    markdownTable(summaryTable(report.instances)),
    '',
    ...sections,
  ].join('\n');
}
