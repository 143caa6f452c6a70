import { check } from 'interleave-check';
import type { Variant } from './design.js';
import model from './osv-fpu-syscall.js';
import { TINY_STACK_RANGE, type Params } from './params.js';

/**
 * The tiny-stack sweep: the smallest `tinyStack` on which a variant holds, every property
 * checked over every interleaving at each size tried. A bisection over the parameter's range,
 * which assumes that a size that is safe stays safe when the stack grows (the stack's size only
 * bounds how many bytes fit on it); the tests confirm the boundary by checking the size below it.
 * Returns null when the variant fails even on the largest tiny stack: then no tiny stack makes it safe.
 */
export function smallestSafeTinyStack(variant: Variant, params: Partial<Params> = {}): number | null {
  const safe = (tinyStack: number) => check(model, { variant, params: { ...params, tinyStack } }).outcome.verdict === 'holds';
  let unsafe: number = TINY_STACK_RANGE.min;
  let enough: number = TINY_STACK_RANGE.max;
  if (!safe(enough)) return null;
  if (safe(unsafe)) return unsafe;
  while (enough - unsafe > 1) {
    const middle = Math.floor((unsafe + enough) / 2);
    if (safe(middle)) enough = middle;
    else unsafe = middle;
  }
  return enough;
}
