import pc from 'picocolors';
import { approximateCount, count, mebibytes, perState, ratio, seconds } from './format.js';
import type { Machine } from './machine.js';
import type { InstanceResult } from './measure.js';
import { speedRatio, summarize } from './stats.js';
import type { Tier } from './instances.js';
import type { ToolName } from './tools/tool.js';

/** A whole benchmark run: what RESULTS.md and results.json hold. */
export interface BenchReport {
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
  /** The instances' results. */
  readonly instances: readonly InstanceResult[];
}

type Table = { readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] };

/** The per-instance table: one row per tool, with medians. */
function toolTable(result: InstanceResult): Table {
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

/** A table as aligned plain text. */
function textTable({ header, rows }: Table): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A table in Markdown, numbers right-aligned. */
function markdownTable({ header, rows }: Table): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** Build times, failures and count mismatches of one instance, as lines. */
function notes(result: InstanceResult): string[] {
  const builds = result.builds.filter((b) => b.buildSeconds > 0).map((b) => `${b.tool} ${seconds(b.buildSeconds)}`);
  return [
    ...(builds.length > 0 ? [`Verifier build time (not in check time): ${builds.join(', ')}.`] : []),
    ...result.failures.map((f) => `FAILED: ${f}`),
    ...result.mismatches.map((m) => `COUNT MISMATCH: ${m}`),
  ];
}

/** One instance's results for the terminal: its table, the ratios, and loud failures. */
export function renderInstance(result: InstanceResult, runs: number): string {
  const ratios = `${ratioSentence(result)} (medians over ${runs} run${runs === 1 ? '' : 's'}, ratios within each run)`;
  const lines = notes(result).map((n) => (n.startsWith('FAILED') || n.startsWith('COUNT') ? pc.red(pc.bold(n)) : n));
  return [pc.bold(result.name), textTable(toolTable(result)), ratios, ...lines].join('\n');
}

/** The summary of every instance for the terminal. */
export function renderSummary(results: readonly InstanceResult[]): string {
  return [pc.bold('Summary (states/s: medians; ratios: interleave over the other tool, within each run)'), textTable(summaryTable(results))].join('\n');
}

/** RESULTS.md: the command, the machine, the date, the summary and every instance's table. */
export function renderMarkdown(report: BenchReport): string {
  const { machine } = report;
  const tools = Object.entries(machine.tools).map(([name, version]) => `- ${name}: ${version}`);
  const sections = report.instances.flatMap((result) => [
    `### ${result.name}`,
    '',
    markdownTable(toolTable(result)),
    '',
    `${ratioSentence(result)}.`,
    ...notes(result).map((n) => `\n${n.startsWith('FAILED') || n.startsWith('COUNT') ? `**${n}**` : n}`),
    '',
  ]);
  return [
    '# Benchmark results',
    '',
    `Written by \`${report.command}\` on ${report.date} (${report.tier} tier, ${report.runs} run${report.runs === 1 ? '' : 's'} per tool and instance, medians).`,
    'See bench/README.md for what is measured and how to read the ratios.',
    '',
    '## Machine',
    '',
    `- CPU: ${machine.cpu}, ${machine.cores} logical cores, ${mebibytes(machine.memoryBytes)} memory`,
    `- OS: ${machine.os}`,
    `- Node ${machine.node}`,
    ...tools,
    ...report.missingTools.map((hint) => `- ${hint}`),
    '',
    '## Summary',
    '',
    markdownTable(summaryTable(report.instances)),
    '',
    '## Instances',
    '',
    ...sections,
  ].join('\n');
}
