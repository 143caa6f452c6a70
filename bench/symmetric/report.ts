import pc from 'picocolors';
import { count, ratio, seconds } from '../format.js';
import { loudNotes, machineLines, markdownNotes, overRuns, toolTable, writtenBy, type RunRecord } from '../report.js';
import { summarize, timeRatio } from '../stats.js';
import { markdownTable, textTable, type Table } from '../tables.js';
import type { ToolName } from '../tools/tool.js';
import type { SymmetricResult } from './measure.js';

/** A whole run of the symmetric tier: its section of RESULTS.md and its entry in results.json. */
export interface SymmetricReport extends RunRecord {
  /** The tier. */
  readonly tier: 'symmetric';
  /** The instances' results. */
  readonly instances: readonly SymmetricResult[];
}

/** Each interleave form beside the rumur reduction it is measured against. */
const pairs: readonly (readonly [ToolName, ToolName])[] = [
  ['interleave exact', 'rumur exhaustive'],
  ['interleave fast', 'rumur heuristic'],
];

/** "rumur exhaustive/interleave exact time: 12.3×" for the pairs that ran together. */
function ratioSentence(result: SymmetricResult): string {
  const said = pairs
    .map(([mine, theirs]) => [mine, theirs, timeRatio(result.runs, theirs, mine)] as const)
    .filter(([, , r]) => r !== undefined)
    .map(([mine, theirs, r]) => `${theirs} time / ${mine} time: ${ratio(r)}`);
  return said.length > 0 ? said.join('; ') : 'no interleave form ran beside its rumur reduction';
}

/** The summary: per instance, the unreduced count, each tool's states and time, and each pair's time ratio. */
function summaryTable(results: readonly SymmetricResult[]): Table {
  return {
    header: ['instance', 'unreduced states', ...pairs.flatMap(([mine, theirs]) => [mine, theirs, `${theirs.split(' ')[1]}/${mine.split(' ')[1]} time`])],
    rows: results.map((result) => {
      const summaries = summarize(result.runs);
      const cell = (tool: ToolName) => {
        const s = summaries.find((x) => x.tool === tool);
        return s ? `${count(s.states)} in ${seconds(s.seconds)}` : 'not run';
      };
      return [
        result.name,
        result.unreduced === undefined ? 'not counted' : count(result.unreduced),
        ...pairs.flatMap(([mine, theirs]) => [cell(mine), cell(theirs), ratio(timeRatio(result.runs, theirs, mine))]),
      ];
    }),
  };
}

/** One instance's results for the terminal: its table, the time ratios, and loud failures. */
export function renderSymmetricInstance(result: SymmetricResult, runs: number): string {
  return [pc.bold(result.name), textTable(toolTable(result)), `${ratioSentence(result)} ${overRuns(runs)}`, ...loudNotes(result)].join('\n');
}

/** The summary of every instance for the terminal. */
export function renderSymmetricSummary(results: readonly SymmetricResult[]): string {
  return [pc.bold('Summary (states stored and check time: medians; time ratios: rumur over interleave, within each run)'), textTable(summaryTable(results))].join('\n');
}

/** The symmetric tier's section of RESULTS.md. */
export function renderSymmetricMarkdown(report: SymmetricReport): string {
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
    '## Symmetric tier',
    '',
    writtenBy(report),
    'States are orbit representatives; a time ratio is rumur\'s check time over interleave\'s in the same run (above 1×, interleave is faster).',
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
