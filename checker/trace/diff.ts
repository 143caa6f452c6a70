/** One field that differs between two states. */
export interface FieldChange {
  /** The field's path, as `domains[1].alive`. */
  readonly path: string;
  /** Its value before (undefined when the field did not exist, as in a list that grew). */
  readonly before: unknown;
  /** Its value after (undefined when the field no longer exists). */
  readonly after: unknown;
}

/**
 * The leaf fields that differ between two states, in schema order. Arrays and objects are
 * compared element by element; a list that grew or shrank shows the elements added or removed.
 */
export function changedFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (Object.is(before, after)) return [];
  const composite = (v: unknown): v is object => typeof v === 'object' && v !== null;
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: FieldChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) out.push(...changedFields(before[i], after[i], `${path}[${i}]`));
    return out;
  }
  if (composite(before) && composite(after) && !Array.isArray(before) && !Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) =>
      changedFields((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k], path ? `${path}.${k}` : k),
    );
  }
  return [{ path: path || 'state', before, after }];
}

/** Every leaf field of a state with its value, in schema order: what `--full` prints. */
export function allFields(state: unknown, path = ''): { path: string; value: unknown }[] {
  if (Array.isArray(state)) return state.flatMap((v, i) => allFields(v, `${path}[${i}]`));
  if (typeof state === 'object' && state !== null) {
    return Object.entries(state).flatMap(([k, v]) => allFields(v, path ? `${path}.${k}` : k));
  }
  return [{ path: path || 'state', value: state }];
}
