import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from '../support/cli.js';

/** Runs a command to completion and returns what it printed. */
function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

const MODEL = `import { z } from 'zod';
import { always, defineModel, holds, range, system, violates } from 'interleave-check';

export default defineModel({
  name: 'ticket-lock',
  summary: 'two threads take a ticket and wait for their turn',
  variants: {
    atomic: { summary: 'taking a ticket is one atomic fetch-and-add', source: 'e2e test', expect: holds() },
    racy: { summary: 'taking a ticket reads then writes the counter', source: 'e2e test', expect: violates('one owner') },
  },
  build: ({ variant }) => {
    const Thread = z.object({ pc: z.enum(['idle', 'read', 'waiting', 'owner']), ticket: z.number().int().min(0).max(2) });
    const State = z.object({ next: z.number().int().min(0).max(2), serving: z.number().int().min(0).max(2), threads: z.array(Thread).length(2) });
    return system(State, {
      init: { next: 0, serving: 0, threads: [{ pc: 'idle', ticket: 0 }, { pc: 'idle', ticket: 0 }] },
      actions: {
        take: {
          over: range(2),
          actor: (t) => 'thread ' + t,
          guard: (s, t) => s.threads[t].pc === 'idle' && s.next < 2,
          effect: (s, t) => {
            s.threads[t].ticket = s.next;
            if (variant === 'atomic') { s.next += 1; s.threads[t].pc = 'waiting'; } else s.threads[t].pc = 'read';
          },
          describe: (t, _, after) => 'thread ' + t + ' takes ticket ' + after.threads[t].ticket,
        },
        bump: {
          over: range(2),
          guard: (s, t) => s.threads[t].pc === 'read',
          effect: (s, t) => { s.next = s.threads[t].ticket + 1; s.threads[t].pc = 'waiting'; },
          describe: (t) => 'thread ' + t + ' writes the next ticket back',
        },
        enter: {
          over: range(2),
          guard: (s, t) => s.threads[t].pc === 'waiting' && s.serving === s.threads[t].ticket,
          effect: (s, t) => { s.threads[t].pc = 'owner'; },
          describe: (t) => 'thread ' + t + ' owns the lock',
        },
      },
      properties: {
        'one owner': always((s) => s.threads.filter((t) => t.pc === 'owner').length <= 1, () => 'both threads own the lock'),
      },
      final: () => true,
    });
  },
});
`;

const TEST = `import { test } from 'node:test';
import assert from 'node:assert';
import { assertHolds, assertViolates, assertVariants } from 'interleave-check';
import model from './ticket-lock.ts';

test('the atomic ticket lock holds', () => {
  assertHolds(model, { variant: 'atomic' });
});

test('the racy ticket lock hands out one ticket twice', () => {
  const result = assertViolates(model, 'one owner', { variant: 'racy' });
  assert.ok(result.outcome.verdict === 'violates' && result.outcome.trace);
  assert.match(result.outcome.trace.steps[0].description, /takes ticket 0/);
});

test('every variant gets its expected verdict', () => {
  assert.equal(assertVariants(model).length, 2);
});
`;

describe('a new user installs the package and checks their own model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-user-'));
  let tarball = '';

  beforeAll(() => {
    // dist/ is already built by `npm test`; packing must not rebuild it under the other tests' feet.
    const pack = run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], root);
    expect(pack.code, pack.out).toBe(0);
    tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-runtime', private: true, type: 'module' }));
    const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], dir);
    expect(install.code, install.out).toBe(0);
    writeFileSync(join(dir, 'ticket-lock.ts'), MODEL);
    writeFileSync(join(dir, 'ticket-lock.test.ts'), TEST);
  }, 240_000);

  it('the tarball holds compiled JS, type declarations, the CLI and the bundled models, and no tests or sources', () => {
    const files = run('tar', ['tzf', tarball], dir).out.split('\n').filter(Boolean);
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/dist/cli/main.js');
    expect(files).toContain('package/dist/models/peterson/peterson.js');
    expect(files.filter((f) => /(^|\/)test\/|\/bench\/|(?<!\.d)\.ts$/.test(f))).toEqual([]);
  });

  it('the installed CLI checks the model file and prints the shortest trace', () => {
    const racy = run('npx', ['interleave', 'check', './ticket-lock.ts', '--variant', 'racy'], dir);
    expect(racy.code, racy.out).toBe(1);
    expect(racy.out).toMatch(/violated: "one owner" in ticket-lock \(variant racy\), after \d+ steps/);
    expect(racy.out).toMatch(/thread 0 takes ticket 0\s+\[thread 0\]/);
    const atomic = run('npx', ['interleave', 'check', './ticket-lock.ts', '--variant', 'atomic'], dir);
    expect(atomic.out).toMatch(/all properties hold for ticket-lock \(variant atomic\)/);
    expect(run('npx', ['interleave', 'check', 'peterson', '-q'], dir).code).toBe(0);
  });

  it("the API's assertions work from the user's own test file under node's test runner", () => {
    const test = run(process.execPath, ['--import', 'tsx', '--test', 'ticket-lock.test.ts'], dir);
    expect(test.code, test.out).toBe(0);
    expect(test.out).toMatch(/# pass 3/);
  });
});
