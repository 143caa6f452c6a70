/** 1,169,589 */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A count that may be rounded (SPIN's large transition counts): "≈174,214,150". */
export function approximateCount(n: number, tolerance: number): string {
  return tolerance > 0 ? `≈${count(n)}` : count(n);
}

/** 6.01 s */
export function seconds(s: number): string {
  return `${s.toFixed(2)} s`;
}

/** 163 MiB, or "n/a" when not measured. */
export function mebibytes(bytes: number | null): string {
  return bytes === null ? 'n/a' : `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;
}

/** 140, or "n/a". */
export function perState(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? 'n/a' : bytes.toFixed(bytes < 10 ? 1 : 0);
}

/** 0.43×, or "n/a" when there is nothing to compare. */
export function ratio(r: number | undefined): string {
  return r === undefined ? 'n/a' : `${r.toFixed(2)}×`;
}
