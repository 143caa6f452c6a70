import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { fixture } from './support.js';

describe('an error interleave does not know', () => {
  it('gets one line, no stack trace, and exit code 4 (not 1, which means a violation)', () => {
    const run = runCli('check', fixture('fake-params').path);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'interleave: internal error: TypeError: Cannot convert undefined or null to object. This is a bug in interleave: please report it with the command that caused it\n',
    );
  });
});
