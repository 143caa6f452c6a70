import { formatValue } from '../format.js';
import { escapeMarkup as esc } from './escape.js';

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Renders a full state as HTML (styled by `diagramCss`). A field that is a collection of
 * records with the same keys (the threads, the domains, the CPUs) becomes a grid with one row
 * per record and one column per key; every other field is listed leaf by leaf. Given the state
 * `before`, the values that differ are highlighted with their value before and after.
 */
export function renderState(state: unknown, before?: unknown): string {
  if (!isObject(state)) return kvTable([['state', state, before]], before !== undefined);
  const pending: [string, unknown, unknown][] = [];
  const parts: string[] = [];
  const flush = (): void => {
    if (pending.length) parts.push(kvTable(pending.splice(0), before !== undefined));
  };
  for (const [key, value] of Object.entries(state)) {
    const old = isObject(before) ? before[key] : undefined;
    const rows = records(value);
    if (rows) {
      flush();
      parts.push(grid(key, value as Obj | unknown[], rows, old, before !== undefined));
    } else {
      pending.push(...leaves(value, old, key));
    }
  }
  flush();
  return `<div class="state">${parts.join('')}</div>`;
}

/** The keys of the records, when every member of `value` is a record with those same keys. */
function records(value: unknown): string[] | undefined {
  const members = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
  if (members.length === 0 || !members.every(isObject)) return undefined;
  const keys = Object.keys(members[0] as Obj);
  if (keys.length < 2 || !members.every((m) => same(Object.keys(m as Obj), keys))) return undefined;
  return keys;
}

function grid(name: string, value: Obj | unknown[], keys: string[], before: unknown, diff: boolean): string {
  const entries: [string, Obj][] = Array.isArray(value)
    ? value.map((v, i) => [`[${i}]`, v as Obj])
    : Object.entries(value).map(([k, v]) => [`.${k}`, v as Obj]);
  const oldOf = (i: number, label: string): unknown =>
    Array.isArray(before) ? before[i] : isObject(before) ? before[label.slice(1)] : undefined;
  const head = `<tr><th scope="col">${esc(name)}</th>${keys.map((k) => `<th scope="col">${esc(k)}</th>`).join('')}</tr>`;
  const body = entries.map(([label, record], i) => {
    const old = oldOf(i, label);
    const cells = keys.map((k) => cell(record[k], isObject(old) ? old[k] : undefined, diff && (old === undefined || !same(record[k], (old as Obj)[k]))));
    return `<tr><th scope="row">${esc(label)}</th>${cells.join('')}</tr>`;
  });
  return `<table class="grid"><thead>${head}</thead><tbody>${body.join('')}</tbody></table>`;
}

function cell(value: unknown, before: unknown, changed: boolean): string {
  return changed ? `<td class="changed">${valueHtml(value, before, true)}</td>` : `<td>${valueHtml(value, before, false)}</td>`;
}

function valueHtml(value: unknown, before: unknown, changed: boolean): string {
  return changed ? beforeAfterHtml(before, value) : esc(formatValue(value));
}

/** A value that changed: before in `<del>`, after in `<ins>`. */
export function beforeAfterHtml(before: unknown, after: unknown): string {
  return `<del>${esc(formatValue(before))}</del> <span class="arrow" aria-label="becomes">→</span> <ins>${esc(formatValue(after))}</ins>`;
}

/** The leaves of a field with their values now and before; an empty list or object is a leaf. */
function leaves(value: unknown, before: unknown, path: string): [string, unknown, unknown][] {
  const entries: [string, unknown, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [`${path}[${i}]`, v, Array.isArray(before) ? before[i] : undefined])
    : isObject(value)
      ? Object.entries(value).map(([k, v]) => [`${path}.${k}`, v, isObject(before) ? before[k] : undefined])
      : [];
  if (entries.length === 0) return [[path, value, before]];
  return entries.flatMap(([p, v, b]) => leaves(v, b, p));
}

function kvTable(rows: [string, unknown, unknown][], diff: boolean): string {
  const body = rows.map(([path, value, before]) => {
    const changed = diff && !same(value, before);
    return `<tr${changed ? ' class="changed"' : ''}><th scope="row">${esc(path)}</th><td>${valueHtml(value, before, changed)}</td></tr>`;
  });
  return `<table class="fields"><tbody>${body.join('')}</tbody></table>`;
}
