import { describe, expect, it } from 'vitest';
import type { Diagnostic } from './diagnostics.js';
import { judgeBuild } from './run.js';

const warning: Diagnostic = {
  severity: 'warning',
  file: 'articles/a.md',
  line: 4,
  key: 'mood',
  message: 'unknown key, ignored',
};
const error: Diagnostic = {
  severity: 'error',
  file: 'articles/b.md',
  line: 2,
  key: 'title',
  message: 'expected a title',
};

describe('judgeBuild: a finished build’s outcome and exit code', () => {
  it('is ok with exit 0 when nothing was said', () => {
    expect(judgeBuild([], false)).toEqual({ diagnostics: [], outcome: 'ok', exitCode: 0 });
  });

  it('passes with warnings, exit 0, unless --strict makes each warning an error (exit 1)', () => {
    expect(judgeBuild([warning], false)).toEqual({ diagnostics: [warning], outcome: 'warnings', exitCode: 0 });
    expect(judgeBuild([warning], true)).toEqual({
      diagnostics: [{ ...warning, severity: 'error' }],
      outcome: 'failed',
      exitCode: 1,
    });
  });

  it('fails with exit 1 on an article error, keeping the diagnostics in their order', () => {
    expect(judgeBuild([warning, error], false)).toEqual({
      diagnostics: [warning, error],
      outcome: 'failed',
      exitCode: 1,
    });
  });
});
