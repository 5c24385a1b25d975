import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RunCause } from '../schedule/loop.js';
import { Reporter } from './reporter.js';

/**
 * The start line of a scheduled run (docs/operations.md, "presswire schedule under a process
 * supervisor"): why it started, as text and as JSON.
 */

function startLine(cause: RunCause, json: boolean): string {
  let text = '';
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const reporter = new Reporter({ json, quiet: false, stdout, stderr: stdout, clock: () => 0 });
  reporter.runStarted(4, cause, Date.UTC(2026, 11, 6, 9));
  return text;
}

const OUTDATED = ['archive/1.xml', 'rss.xml', 'atom.xml', 'feed.json'];

describe('Reporter.runStarted', () => {
  it('names the slot, the changed files or the feeds behind at start, the first three of a list', () => {
    expect(startLine({ slot: new Date(Date.UTC(2026, 11, 6, 8, 55)) }, false)).toBe(
      'presswire schedule run 4: started (slot 2026-12-06T08:55:00.000Z, build time 2026-12-06T09:00:00.000Z)\n',
    );
    expect(startLine({ changed: ['articles/a.md'] }, false)).toBe(
      'presswire schedule run 4: started (a change: articles/a.md, build time 2026-12-06T09:00:00.000Z)\n',
    );
    expect(startLine({ outdated: OUTDATED }, false)).toBe(
      'presswire schedule run 4: started (out of date at start: archive/1.xml, rss.xml, atom.xml, …, build time 2026-12-06T09:00:00.000Z)\n',
    );
    expect(startLine({ outdated: [] }, false)).toBe(
      'presswire schedule run 4: started (out of date at start: the article cache, build time 2026-12-06T09:00:00.000Z)\n',
    );
  });

  it('gives the whole list in JSON', () => {
    expect(JSON.parse(startLine({ outdated: OUTDATED }, true))).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      event: 'run-started',
      level: 'info',
      run: 4,
      outdated: OUTDATED,
      buildTime: '2026-12-06T09:00:00.000Z',
    });
  });
});
