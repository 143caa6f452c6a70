import type pc from 'picocolors';
import type { Coverage } from '../search/coverage.js';
import { formatCount } from './format.js';

type Colors = ReturnType<typeof pc.createColors>;

/**
 * The warnings a check's coverage gives, printed after every check: what no reachable state
 * enabled (a likely modelling mistake), and what the variant declares never enabled but was.
 */
export function renderCoverageWarnings(coverage: Coverage, c: Colors): string[] {
  const lines: string[] = [];
  if (coverage.neverEnabled.length > 0) {
    lines.push(
      c.yellow(
        `warning: never enabled in any reachable state: ${coverage.neverEnabled.join(', ')}. A guard that never holds is a likely modelling mistake; ` +
          "if this variant is meant not to enable it, say so (and why) in the variant's neverEnabled. --coverage prints every action's counts.",
      ),
    );
  }
  if (coverage.enabledAfterAll.length > 0) {
    lines.push(c.yellow(`warning: the variant's neverEnabled lists ${coverage.enabledAfterAll.join(', ')}, which this check found enabled.`));
  }
  return lines;
}

/**
 * The full coverage table (`--coverage`): for each action, and each of its instances when it
 * has several, the states that enabled it and the new states it made, with what was never
 * enabled marked, and what the counts mean under symmetry reduction or after a search that
 * stopped early.
 */
export function renderCoverageTable(coverage: Coverage, symmetric: boolean, c: Colors): string[] {
  const reasons = new Map(coverage.expectedNeverEnabled.map((e) => [e.name, e.reason]));
  const flagged = new Set(coverage.neverEnabled);
  const rows: { name: string; enabled: number; newStates: number }[] = [];
  for (const a of coverage.actions) {
    rows.push({ name: a.action, enabled: a.enabled, newStates: a.newStates });
    if (a.instances.length > 1) rows.push(...a.instances.map((i) => ({ name: `  ${i.instance}`, enabled: i.enabled, newStates: i.newStates })));
  }
  const width = Math.max('action'.length, ...rows.map((r) => r.name.length));
  const line = (name: string, enabled: string, made: string) => `    ${name.padEnd(width)}  ${enabled.padStart(12)}  ${made.padStart(12)}`;
  const lines = [c.bold('Coverage: the states that enabled each action, and the new states it made'), line('action', 'enabled in', 'new states')];
  for (const r of rows) {
    const name = r.name.trim();
    const reason = reasons.get(name);
    const mark = flagged.has(name) ? c.yellow('  never enabled') : reason !== undefined ? c.dim(`  never enabled, as declared: ${reason}`) : '';
    lines.push(line(r.name, formatCount(r.enabled), formatCount(r.newStates)) + mark);
  }
  if (symmetric) {
    lines.push(
      'Under symmetry reduction the states counted are the orbits\' representatives, and an instance may be enabled only in states that are not; so only whole actions are called never enabled.',
    );
  }
  if (!coverage.exhaustive) lines.push(c.yellow('The search did not expand every reachable state: the counts are of the states it expanded, and nothing is called never enabled.'));
  return lines;
}
