import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../../index.js';
import { root } from '../support/cli.js';

const doc = readFileSync(join(root, 'docs/api.md'), 'utf8');
/** The names docs/api.md lists: every backticked name that starts an entry in a table's first column. */
const documented = new Set(
  doc
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split(' | ')[0].matchAll(/`([A-Za-z]+)/g)].map((m) => m[1])),
);

describe('docs/api.md', () => {
  it('lists every export of the package entry point', () => {
    const missing = Object.keys(api).filter((name) => !documented.has(name));
    expect(missing).toEqual([]);
  });

  it('lists nothing that is not exported', () => {
    const extra = [...documented].filter((name) => !(name in api));
    expect(extra).toEqual([]);
  });
});
