import type { z } from 'zod';
import type { Model } from '../spec/model.js';
import { describeLeaf, isLeaf, shapeOf } from './encoding/layout.js';

/** One parameter of a model, described for `interleave list` and for error messages. */
export interface ParamInfo {
  /** Its name, as given to `--param name=value`. */
  readonly name: string;
  /** The values it takes, in words ("an integer from 1 to 4"). */
  readonly domain: string;
  /** Its default, if it has one. */
  readonly default: unknown;
}

/** Describes a model's parameters. */
export function paramsOf(model: Model): ParamInfo[] {
  return Object.entries(model.params.shape as Record<string, z.ZodType>).map(([name, schema]) => {
    const def = (schema as unknown as { def: { type: string; innerType?: z.ZodType; defaultValue?: unknown } }).def;
    const inner = def.type === 'default' ? def.innerType! : schema;
    let domain: string;
    try {
      const shape = shapeOf(inner, name);
      domain = isLeaf(shape) ? describeLeaf(shape) : shape.kind;
    } catch {
      domain = (inner as unknown as { def: { type: string } }).def.type;
    }
    return { name, domain, default: def.type === 'default' ? def.defaultValue : undefined };
  });
}

/** "Parameters of philosophers: n (an integer from 2 to 16, default 8)." */
export function describeParams(model: Model): string {
  const params = paramsOf(model);
  if (params.length === 0) return `Model ${model.name} takes no parameters.`;
  const list = params.map((p) => `${p.name} (${p.domain}${p.default === undefined ? '' : `, default ${JSON.stringify(p.default)}`})`);
  return `Parameters of ${model.name}: ${list.join(', ')}.`;
}
