import { tsImport } from 'tsx/esm/api';
const { instantiate } = await import(`../../dist/checker/instance.js`);
const { EffectMemo } = await import(`../../dist/checker/search/effect-memo/effect-memo.js`);
const { compileEffects } = await import(`../../dist/checker/search/dispatch.js`);
const m = (await tsImport(`../models/filter.ts`, import.meta.url)) as any;
const found = 'default' in m.default ? m.default.default : m.default;
const inst = instantiate(found, undefined, { n: 6 });
const c = inst.codec;
const run = compileEffects(inst.actions.map((a: any) => a.spec.effect), inst.actions.map((a: any) => a.arg));
const memo = new EffectMemo(c, inst.actions.length, run);
const st = inst.system.init[0];
const w = new Uint32Array(c.words); c.encode(st, w, 0);
const out = new Uint32Array(c.words * 1024);
const N = 5_000_000;
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  for (let i = 0; i < N; i++) memo.successor(i % 6, st, w, 0, out, (i & 1023) * c.words);
  const a = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < N; i++) { const n = c.clone(st); run(i % 6, n); c.encode(n, out, (i & 1023) * c.words); }
  const b = performance.now() - t;
  console.log(`memo ${(a / N * 1e6).toFixed(1)} ns, plain ${(b / N * 1e6).toFixed(1)} ns`);
}
