/**
 * How a process's step reads in a trace: who, at which label, with which locals, then what
 * the step does: "thread 1 at read (seen = 0): reads the counter".
 */
export function stepSentence(who: string, label: string, locals: Readonly<Record<string, unknown>>, says: string): string {
  const shown = Object.entries(locals).map(([name, value]) => `${name} = ${formatLocal(value)}`);
  return `${who} at ${label}${shown.length > 0 ? ` (${shown.join(', ')})` : ''}: ${says}`;
}

/** What a step without a description says: where control went. */
export function defaultSaying(alternative: string | undefined, pc: string): string {
  const goes = pc === 'done' ? 'ends' : `goes to ${pc}`;
  return alternative === undefined ? goes : `${alternative}, ${goes}`;
}

/** A local's value as the trace prints state values: strings bare, arrays in brackets, objects in braces. */
function formatLocal(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(formatLocal).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${formatLocal(v)}`).join(', ')}}`;
  }
  return String(value);
}
