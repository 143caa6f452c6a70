/**
 * An in-process A/B of the search alone: this checkout's breadth-first search against another
 * checkout's (built, with `dist/`), alternated in one process, on one bench model, one thread.
 * Prints the CPU seconds of each side's searches (min and median): start-up and model loading
 * are left out, and alternating in one process keeps a loaded machine's drift out of the ratio.
 *
 *   npx tsx bench/search-ab.ts /path/to/baseline gc-stw.ts '{"n":12}' 3
 */
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import type { Instance } from '../checker/instance.js';
import type { Model } from '../spec/model.js';

interface Side {
  readonly instantiate: (model: Model, variant?: string, params?: Record<string, unknown>) => Instance;
  readonly search: (instance: Instance, options: { deadlock: boolean }) => { stats: { states: number; transitions: number } };
  readonly model: Model;
}

async function load(root: string, model: string): Promise<Side> {
  const { instantiate } = (await import(`${root}/dist/checker/instance.js`)) as { instantiate: Side['instantiate'] };
  const { breadthFirstSearch } = (await import(`${root}/dist/checker/search/bfs.js`)) as { breadthFirstSearch: Side['search'] };
  const module = (await tsImport(`${root}/bench/models/${model}`, import.meta.url)) as { default: Model | { default: Model } };
  const found = 'default' in module.default ? module.default.default : module.default;
  return { instantiate, search: breadthFirstSearch, model: found };
}

const [baseline, model, params, runs] = process.argv.slice(2);
if (!baseline || !model || !params) {
  console.error("usage: npx tsx bench/search-ab.ts <baseline checkout> <bench model file> '<params as JSON>' [runs]");
  process.exit(2);
}
const here = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const sides: Record<string, Side> = { baseline: await load(baseline, model), this: await load(here, model) };
const times: Record<string, number[]> = Object.fromEntries(Object.keys(sides).map((name) => [name, []]));
for (let run = 0; run < Number(runs ?? 3); run++) {
  for (const [name, side] of Object.entries(sides)) {
    const instance = side.instantiate(side.model, undefined, JSON.parse(params) as Record<string, unknown>);
    const start = process.cpuUsage();
    const { stats } = side.search(instance, { deadlock: true });
    const used = process.cpuUsage(start);
    times[name].push((used.user + used.system) / 1e6);
    if (run === 0) console.log(`${name}: ${stats.states} states, ${stats.transitions} transitions`);
  }
}
for (const [name, list] of Object.entries(times)) {
  const sorted = [...list].sort((a, b) => a - b);
  console.log(`${name.padEnd(9)} min ${sorted[0].toFixed(2)} s, median ${sorted[sorted.length >> 1].toFixed(2)} s`);
}
