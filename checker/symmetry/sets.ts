import { SchemaError } from '../errors.js';
import { isLeaf, type Shape } from '../encoding/layout.js';

/** A scalarset as the checker sees it: its name, its size, and its index among the schema's sets. */
export interface SymmetricSet {
  readonly name: string;
  readonly size: number;
  readonly index: number;
}

/**
 * The scalarsets a state shape uses, in the order they first appear. Two sets of the same name
 * must have the same size: they are one set.
 */
export function setsOf(shape: Shape): SymmetricSet[] {
  const sizes = new Map<string, number>();
  const note = (name: string, size: number): void => {
    const known = sizes.get(name);
    if (known !== undefined && known !== size) {
      throw new SchemaError('state', `the scalarset "${name}" is declared with sizes ${known} and ${size}`, 'Declare each scalarset once and use it everywhere.');
    }
    sizes.set(name, size);
  };
  const walk = (s: Shape): void => {
    if (isLeaf(s)) {
      const leaf = s.kind === 'nullable' ? s.inner : s;
      if (leaf.kind === 'int' && leaf.set !== undefined) note(leaf.set, leaf.max + 1);
      return;
    }
    switch (s.kind) {
      case 'object':
        return s.fields.forEach((f) => walk(f.shape));
      case 'tuple':
        return s.items.forEach(walk);
      case 'array':
        if (s.indexedBy !== undefined) note(s.indexedBy, s.length);
        return walk(s.element);
      case 'list':
        return walk(s.element);
    }
  };
  walk(shape);
  return [...sizes].map(([name, size], index) => ({ name, size, index }));
}

/** The set whose ids a leaf holds, if any (looking through `nullable`). */
export function idSetOf(shape: Shape): string | undefined {
  const leaf = shape.kind === 'nullable' ? shape.inner : shape;
  return leaf.kind === 'int' ? leaf.set : undefined;
}
