/**
 * The errors interleave reports to a person. Each carries a message that names what was
 * wrong and how to fix it; the CLI prints the message (never a stack trace) and exits 2.
 */
export class InterleaveError extends Error {
  override name = 'InterleaveError';
}

/** Bad input from the user: an unknown model or variant, a parameter out of range, a malformed file. */
export class UsageError extends InterleaveError {
  override name = 'UsageError';
}

/** A state schema with a field that has no finite domain. */
export class SchemaError extends InterleaveError {
  override name = 'SchemaError';
  /** @param path - the field, as `state.domains[].tls`. */
  constructor(readonly path: string, problem: string, hint: string) {
    super(`state schema, field ${path}: ${problem}. ${hint}`);
  }
}

/** A state that leaves its schema's domain: raised while encoding it. */
export class DomainError extends InterleaveError {
  override name = 'DomainError';
  /**
   * @param field - the field, as `domains[1].tls`.
   * @param value - the value found there.
   * @param expected - what the schema allows, in words.
   */
  constructor(readonly field: string, readonly value: unknown, readonly expected: string) {
    super(`field ${field} is ${formatValue(value)}, but the state schema allows ${expected}`);
  }
}

function formatValue(value: unknown): string {
  if (value === undefined) return 'missing';
  // JSON would print NaN and Infinity as null, and a Date or a function misleadingly.
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  if (value instanceof Date) return 'a Date';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether an error is an allocation that failed: a typed array or array the process could not
 * get memory for (or larger than any the engine allows). The search ends as incomplete then.
 */
export function isOutOfMemory(error: unknown): error is RangeError {
  return error instanceof RangeError && /allocation failed|Invalid (typed )?array length/i.test(error.message);
}
