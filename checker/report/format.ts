/**
 * Renders a state value compactly for a person: strings bare, arrays in brackets, objects in
 * braces (`{alive: true, block: 3}`), null as `null`.
 */
export function formatValue(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${formatValue(v)}`).join(', ')}}`;
  }
  return String(value);
}

/** A count with thousands separators: 1,169,589. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Seconds, to a sensible precision: 0.004 s, 1.27 s, 42 s. */
export function formatSeconds(seconds: number): string {
  if (seconds < 0.1) return `${seconds.toFixed(3)} s`;
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  return `${seconds.toFixed(0)} s`;
}
