import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { root } from '../support/cli.js';

/**
 * Every ```ts block of README.md and docs/*.md compiles against the package, unless its fence
 * says it is a fragment (```ts fragment: a few lines cut from a model, which cannot compile
 * alone). The models the snippets import (../models/my-lock.ts and the like) are stood in for by
 * test/e2e/ticket-lock.ts, whose variants are `atomic` and `racy` and whose property is `one owner`.
 */

interface Snippet {
  readonly doc: string;
  readonly line: number;
  readonly code: string;
  readonly fragment: boolean;
}

const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

const snippets: Snippet[] = docs.flatMap((doc) => {
  const text = readFileSync(join(root, doc), 'utf8');
  return [...text.matchAll(/^```ts( fragment)?\n([\s\S]*?)^```$/gm)].map((m) => ({
    doc,
    line: text.slice(0, m.index).split('\n').length + 1,
    code: m[2],
    fragment: m[1] !== undefined,
  }));
});

/** Where each snippet is compiled from: a file that does not exist, in a folder of the repository (so 'zod' resolves). */
const snippetDir = join(root, 'docs', '.snippets');
const fileOf = (s: Snippet) => join(snippetDir, `${s.doc.replace(/\W/g, '-')}-${s.line}.ts`);
const standIn = readFileSync(join(root, 'test/e2e/ticket-lock.ts'), 'utf8');

/** Compiles the snippets in one program; returns each one's errors, formatted as tsc does, keyed by snippet. */
function compile(compiled: readonly Snippet[]): Map<Snippet, string> {
  const virtual = new Map(compiled.map((s) => [fileOf(s), s.code]));
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  // A snippet may declare what it only shows (an unused result); it must not hide a type error.
  const options = { ...config.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false, allowImportingTsExtensions: true };
  const host = ts.createCompilerHost(options);
  const standsIn = (file: string) => [snippetDir, join(root, 'docs', 'models')].some((dir) => file.startsWith(dir));
  const read = (file: string) => virtual.get(file) ?? (/\/models\/my-[\w-]+\.ts$/.test(file) && standsIn(file) ? standIn : undefined);
  host.fileExists = (file) => read(file) !== undefined || ts.sys.fileExists(file);
  host.readFile = (file) => read(file) ?? ts.sys.readFile(file);
  host.directoryExists = (dir) => standsIn(dir) || ts.sys.directoryExists(dir);
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
  const formatHost = { getCurrentDirectory: () => root, getCanonicalFileName: (f: string) => f, getNewLine: () => '\n' };
  return new Map(compiled.map((s) => [s, ts.formatDiagnostics(ts.getPreEmitDiagnostics(program, program.getSourceFile(fileOf(s))), formatHost)]));
}

/** A snippet with a type error, compiled with the others: the check can fail. */
const bad: Snippet = { doc: 'test', line: 1, code: "import { holds } from 'interleave-check';\nconst h: string = holds();\n", fragment: false };

let errorsBySnippet: Map<Snippet, string> | undefined;

/** The docs' snippets but the fragments, and `bad`, compiled once, in one program (each program takes seconds). */
const compiled = (): Map<Snippet, string> => (errorsBySnippet ??= compile([...snippets.filter((s) => !s.fragment), bad]));

describe('the TypeScript blocks of README.md and docs/*.md', () => {
  it('compile, but for the ones marked fragments', () => {
    const fromDocs = [...compiled()].filter(([s]) => s !== bad);
    expect(fromDocs.length).toBeGreaterThanOrEqual(5);
    const errors = fromDocs.filter(([, text]) => text !== '').map(([s, text]) => `${s.doc}, block at line ${s.line}:\n${text}`);
    expect(errors).toEqual([]);
  });

  it('a snippet with a type error fails (the test can fail)', () => {
    expect(compiled().get(bad)).toMatch(/error TS2322/);
  });

  it('marks few blocks as fragments', () => {
    expect(snippets.filter((s) => s.fragment).map((s) => `${s.doc}:${s.line}`).length).toBeLessThanOrEqual(4);
  });
});
