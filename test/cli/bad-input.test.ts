import { describe, expect, it } from 'vitest';
import type { CliRun } from '../support/cli.js';
import { runInProcess } from '../support/run-cli.js';

/** Every bad input gets one clear line on stderr, exit 2, and never a stack trace. */
function expectUsageError(run: CliRun, message: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('the CLI rejects bad input clearly', () => {
  it('an unknown model lists the bundled ones', async () => {
    expectUsageError(await runInProcess('check', 'no-such-model'), /no bundled model named "no-such-model".*Bundled models: peterson, philosophers/);
  });

  it('a model file that does not exist', async () => {
    expectUsageError(await runInProcess('check', './nowhere/model.ts'), /model file \.\/nowhere\/model\.ts does not exist/);
  });

  it('a file whose default export is not a model', async () => {
    expectUsageError(await runInProcess('check', 'test/fixtures/not-a-model.ts'), /must export a model as its default export/);
  });

  it('an unknown variant lists the variants', async () => {
    expectUsageError(await runInProcess('check', 'peterson', '--variant', 'nope'), /no variant "nope". Its variants: correct, turn-first/);
  });

  it('a parameter out of range says what is allowed', async () => {
    expectUsageError(await runInProcess('check', 'philosophers', '--param', 'n=40'), /parameter n of model philosophers: .*got 40.*n \(an integer from 2 to 16, default 8\)/);
  });

  it('an unknown parameter lists the parameters', async () => {
    expectUsageError(await runInProcess('check', 'philosophers', '--param', 'threads=2'), /no parameter "threads". Parameters of philosophers: n/);
  });

  it('a malformed --param', async () => {
    expectUsageError(await runInProcess('check', 'philosophers', '--param', 'n'), /--param takes name=value/);
  });

  it('a limit that is not a positive number', async () => {
    expectUsageError(await runInProcess('check', 'philosophers', '--max-states', 'lots'), /--max-states takes a positive whole number; got "lots"/);
  });

  it('an unknown property', async () => {
    expectUsageError(await runInProcess('check', 'peterson', '--property', 'liveness'), /no property "liveness". Its properties: "mutual exclusion"/);
  });

  it('a witness for something that is not a reachability check', async () => {
    expectUsageError(await runInProcess('check', 'peterson', '--witness', 'mutual exclusion'), /--witness names a reachability \(sometimes\) check; "mutual exclusion" is not one of peterson's/);
  });

  it('fingerprint mode with liveness properties, or with --all', async () => {
    expectUsageError(await runInProcess('check', 'peterson', '--fingerprint'), /fingerprint mode cannot check liveness properties \("process 0 /);
    expectUsageError(await runInProcess('check', '--all', '--fingerprint'), /--all checks every variant exactly; --fingerprint is for one large check/);
  });

  it('an unknown option', async () => {
    expectUsageError(await runInProcess('check', 'peterson', '--frobnicate'), /unknown option '--frobnicate'/);
  });

  it('a state field without a finite domain', async () => {
    expectUsageError(await runInProcess('check', 'test/fixtures/no-finite-domain.ts'), /field state\.name: z\.string\(\) has no finite domain/);
  });
});

describe('a model whose own code is wrong is a model error (exit 2) with the trace that reached it', () => {
  it('an effect that leaves the state domain names the action and the field', async () => {
    const run = await runInProcess('check', 'test/fixtures/counter.ts', '--variant', 'overflow');
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/the effect of increment left the state's domain: field count is 4, but the state schema allows an integer from 0 to 3/);
    expect(run.stdout).toMatch(/Step 3 {2}the counter goes from 2 to 3/);
  });

  it('a guard that writes the state it must only read', async () => {
    const run = await runInProcess('check', 'test/fixtures/counter.ts', '--variant', 'mutating-guard');
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/the guard of increment changed the state it must only read \(field done went from false to true\)/);
  });

  it('a property that writes the state it must only read', async () => {
    const run = await runInProcess('check', 'test/fixtures/counter.ts', '--variant', 'mutating-property');
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/property "not negative" changed the state it must only read/);
  });

  it('with --validate, the write throws where it is made', async () => {
    const run = await runInProcess('check', 'test/fixtures/counter.ts', '--variant', 'mutating-guard', '--validate');
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/the guard of increment threw: Cannot assign to read only property 'done'/);
  });

  it('an effect that throws', async () => {
    const run = await runInProcess('check', 'test/fixtures/counter.ts', '--variant', 'throwing-effect');
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/the effect of increment threw: the counter jammed/);
  });
});

describe('limits end a search as incomplete (exit 3), never as a pass', () => {
  it('--max-states', async () => {
    const run = await runInProcess('check', 'philosophers', '--max-states', '100', '--no-deadlock');
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/incomplete.*more than 100 distinct states.*This is not a pass/);
  });

  it('--max-depth', async () => {
    const run = await runInProcess('check', 'philosophers', '--max-depth', '3', '--no-deadlock');
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/incomplete.*states at depth 3 have successors that were not explored/);
  });

  it('--max-memory', async () => {
    const run = await runInProcess('check', 'philosophers', '--max-memory', '1', '--no-deadlock');
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/incomplete.*the process passed 1 MiB/);
  });
});
