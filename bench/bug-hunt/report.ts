import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { count, seconds } from '../format.js';
import { benchDir } from '../paths.js';
import { median } from '../stats.js';
import { BFS_MAX_STATES, type Attempt, type HuntResult } from './measure.js';

type Table = { readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] };

/** Median time to the first counterexample, or how long it searched in vain. */
function time(attempts: readonly Attempt[]): string {
  const t = seconds(median(attempts.map((a) => a.seconds)));
  const missed = attempts.filter((a) => !a.found).length;
  return missed === 0 ? t : `${t} (${missed} of ${attempts.length} found nothing)`;
}

/** "47 → 9": median length as found, and shrunk. */
function lengths(attempts: readonly Attempt[]): string {
  const found = attempts.filter((a) => a.found);
  if (found.length === 0) return 'n/a';
  return `${count(median(found.map((a) => a.foundSteps!)))} → ${count(median(found.map((a) => a.steps!)))}`;
}

/** The worst shrunk length over the shortest, as "1.25×". */
function worstRatio(result: HuntResult): string {
  if (!result.bfs.found) return 'n/a';
  const shrunk = [...result.simulate, ...result.swarm].filter((a) => a.found).map((a) => a.steps! / result.bfs.steps!);
  return shrunk.length === 0 ? 'n/a' : `${Math.max(...shrunk).toFixed(2)}×`;
}

function table(results: readonly HuntResult[]): Table {
  const threads = results[0]?.threads ?? 1;
  return {
    header: ['instance', 'BFS: time to counterexample', 'BFS states', 'shortest', 'simulate: time', 'simulate: found → shrunk', `swarm ×${threads}: time`, 'swarm: found → shrunk', 'worst shrunk/shortest'],
    rows: results.map((r) => [
      r.name,
      r.bfs.found ? seconds(r.bfs.seconds) : `not found in ${count(BFS_MAX_STATES)} states (${seconds(r.bfs.seconds)})`,
      count(r.bfs.states),
      r.bfs.found ? count(r.bfs.steps!) : 'n/a',
      time(r.simulate),
      lengths(r.simulate),
      time(r.swarm),
      lengths(r.swarm),
      worstRatio(r),
    ]),
  };
}

/** The bug-hunt table for the terminal. */
export function renderBugHunt(results: readonly HuntResult[]): string {
  const { header, rows } = table(results);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return ['Bug hunt (times: medians; found → shrunk: median lengths)', line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The "## Bug hunt" section of RESULTS.md. */
function markdown(results: readonly HuntResult[], command: string, date: string): string {
  const { header, rows } = table(results);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const runs = results[0]?.simulate.length ?? 0;
  const startup = median(results.flatMap((r) => r.swarm.map((s) => s.startSeconds)));
  return [
    '## Bug hunt',
    '',
    `Written by \`${command}\` on ${date}: time to the first counterexample on failing variants at large parameters, by`,
    `exhaustive breadth-first search (which gives the shortest trace; stopped at ${count(BFS_MAX_STATES)} states), by \`simulate\``,
    `(random walks on one thread) and by a local \`swarm\` (default jobs, one thread per core), each with seeds 1 to ${runs}`,
    `(medians). Times are the search's own, without shrinking; the swarm's threads took ${seconds(startup)} (median) to start`,
    'and load the model before that. "found → shrunk" gives the median length of the counterexample as found and after',
    'shrinking; the last column is the worst shrunk length over the shortest among all runs. See bench/README.md.',
    '',
    line(header),
    line(header.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...rows.map(line),
    '',
  ].join('\n');
}

/**
 * Writes the bug-hunt section into bench/RESULTS.md (replacing the one there, else appended),
 * leaving the other sections as they are, and the raw figures to bench/bug-hunt.json; returns
 * their paths.
 */
export function writeBugHunt(results: readonly HuntResult[], command: string): string[] {
  const date = new Date().toISOString();
  const path = join(benchDir, 'RESULTS.md');
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n';
  const start = existing.indexOf('\n## Bug hunt\n');
  const before = start < 0 ? existing.trimEnd() : existing.slice(0, start).trimEnd();
  const after = start < 0 ? '' : existing.slice(start + 1).split(/\n(?=## )/).slice(1).join('\n');
  writeFileSync(path, `${before}\n\n${markdown(results, command, date)}${after ? `\n${after}` : ''}`);
  const json = join(benchDir, 'bug-hunt.json');
  writeFileSync(json, `${JSON.stringify({ date, command, results }, null, 2)}\n`);
  return [path, json];
}
