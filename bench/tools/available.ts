import { findExecutable } from './process.js';

/** Which comparison tools can run here, and how to install the missing ones. */
export interface AvailableTools {
  /** spin and gcc are both on PATH. */
  readonly spin: boolean;
  /** rumur and cc are both on PATH. */
  readonly rumur: boolean;
  /** One line per missing tool saying how to install it; empty when both are there. */
  readonly hints: readonly string[];
}

/** Looks for spin, rumur and the C compilers they need on PATH. */
export function availableTools(): AvailableTools {
  const missing = (names: readonly string[]) => names.filter((name) => findExecutable(name) === undefined);
  const spinMissing = missing(['spin', 'gcc']);
  const rumurMissing = missing(['rumur', 'cc']);
  const hints: string[] = [];
  if (spinMissing.length > 0) {
    hints.push(`SPIN is not run: ${spinMissing.join(' and ')} not found. Install with: apt-get install -y spin gcc`);
  }
  if (rumurMissing.length > 0) {
    hints.push(`rumur is not run: ${rumurMissing.join(' and ')} not found. Install with: apt-get install -y rumur gcc`);
  }
  return { spin: spinMissing.length === 0, rumur: rumurMissing.length === 0, hints };
}
