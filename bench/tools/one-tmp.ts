import { instantiate } from '../../checker/instance.js';
import { withSymmetry } from '../../checker/symmetry/reduction.js';
import { sharedBreadthFirstSearch } from '../../checker/search/shared/shared-bfs.js';
import { breadthFirstSearch } from '../../checker/search/bfs.js';
import { familyNamed, interleaveParams } from '../../bench/instances.js';
const [name, size, threads, mode] = process.argv.slice(2);
const family = familyNamed(name);
const instance = withSymmetry(instantiate(family.model, family.variant, interleaveParams({ size: JSON.parse(size) }), undefined), 'off');
const options = { deadlock: family.interleaveDeadlock };
const t0 = performance.now();
if (mode === 'serial') { const r = breadthFirstSearch(instance, options); console.log('serial', r.stats.states, ((performance.now()-t0)/1000).toFixed(2)); }
else {
const setup = { modelUrl: family.modelUrl, variant: instance.variant, params: { ...instance.params }, deadlock: options.deadlock ?? true, validate: false, symmetry: 'off' as const };
const r = await sharedBreadthFirstSearch(instance, options, Number(threads), setup, Number(mode ?? 8192));
console.log('shared', r.stats.states, r.stats.seconds.toFixed(2), JSON.stringify(r.threads));
}
const u = process.cpuUsage(); console.log('process cpu', ((u.user + u.system) / 1e6).toFixed(2), 'main thread cpu', (await import('../../checker/search/shared/thread-cpu.js')).threadCpuMs()! / 1000);
console.log('sort', (globalThis as any).S, 'count/commit', (globalThis as any).T);
