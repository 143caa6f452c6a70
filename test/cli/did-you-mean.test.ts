import { describe, expect, it } from 'vitest';
import { closestNames } from '../../checker/did-you-mean.js';
import { runInProcess as runCli } from '../support/run-cli.js';

describe('closestNames suggests, as commander does, only names a few edits away', () => {
  const models = ['peterson', 'philosophers', 'stop-the-world', 'spinlock', 'ctypes-keepalive'];

  it('a typo gets the name it misspells', () => {
    expect(closestNames('petersen', models)).toEqual(['peterson']);
    expect(closestNames('Spinlok', models)).toEqual(['spinlock']);
    expect(closestNames('stop-the-wrold', models)).toEqual(['stop-the-world']);
  });

  it('names at the same fewest edits are all given; a name far from all gets none', () => {
    expect(closestNames('ab', ['abc', 'abd', 'abcd'])).toEqual(['abc', 'abd']);
    expect(closestNames('mutex', models)).toEqual([]);
    expect(closestNames('x', ['y'])).toEqual([]);
  });
});

describe('the CLI says "did you mean" for a misspelt model or variant', () => {
  it('an unknown bundled model name', async () => {
    const run = await runCli('check', 'petersen');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^interleave: there is no bundled model named "petersen". Did you mean "peterson"\? Bundled models: peterson, /);
  });

  it('an unknown variant', async () => {
    const run = await runCli('check', 'peterson', '--variant', 'turn-frist');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('interleave: model peterson has no variant "turn-frist". Did you mean "turn-first"? Its variants: correct, turn-first.\n');
  });

  it('no suggestion when nothing is close', async () => {
    expect((await runCli('check', 'peterson', '--variant', 'zzz')).stderr).toBe('interleave: model peterson has no variant "zzz". Its variants: correct, turn-first.\n');
  });
});
