import pc from 'picocolors';
import { describeExpectation } from '../../spec/expectation.js';
import { paramsOf } from '../../checker/params.js';
import { bundledModels } from '../../models/index.js';
import { printJson, useColor } from '../output.js';

/** `interleave list`: every bundled model with its parameters and its variants' expected verdicts. */
export function listModels(flags: { json?: boolean; color?: boolean }): number {
  const models = bundledModels.map((m) => ({
    name: m.name,
    summary: m.summary,
    params: paramsOf(m),
    variants: Object.entries(m.variants).map(([name, v]) => ({ name, summary: v.summary, source: v.source, expect: v.expect })),
  }));
  if (flags.json) {
    printJson({ format: 'interleave.list/1', models });
    return 0;
  }
  const c = pc.createColors(useColor(flags.color));
  const out: string[] = [];
  for (const m of models) {
    out.push(`${c.bold(m.name)}  ${m.summary}`);
    for (const p of m.params) out.push(`  --param ${p.name}=…  ${p.domain}, default ${JSON.stringify(p.default)}`);
    for (const v of m.variants) {
      out.push(`  ${c.cyan(v.name)}  expects ${describeExpectation(v.expect)}`, `      ${v.summary}`, c.dim(`      source: ${v.source}`));
    }
    out.push('');
  }
  process.stdout.write(out.join('\n'));
  return 0;
}
