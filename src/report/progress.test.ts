import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Reporter } from './reporter.js';

/** The image progress bar: on a terminal only, never with --quiet or --json. */

function capture(isTTY: boolean): { stream: NodeJS.WritableStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  Object.assign(stream, { isTTY, columns: 100 });
  return { stream, text: () => text };
}

function drive(options: { tty: boolean; json?: boolean; quiet?: boolean }): { stdout: string; stderr: string } {
  const stdout = capture(options.tty);
  const stderr = capture(options.tty);
  const reporter = new Reporter({
    json: options.json ?? false,
    quiet: options.quiet ?? false,
    stdout: stdout.stream,
    stderr: stderr.stream,
    clock: () => 0,
  });
  const progress = reporter.progress('images');
  progress.update(0, 4);
  for (let done = 1; done <= 4; done++) progress.update(done, 4);
  progress.stop();
  return { stdout: stdout.text(), stderr: stderr.text() };
}

describe('Reporter.progress', () => {
  it('draws a bar on stderr when stderr is a terminal, and clears it at the end', () => {
    const { stdout, stderr } = drive({ tty: true });
    expect(stdout).toBe('');
    expect(stderr).toContain('images [');
    expect(stderr).toMatch(/0\/4/);
  });

  it.each([
    { name: 'not a terminal', tty: false },
    { name: '--json', tty: true, json: true },
    { name: '--quiet', tty: true, quiet: true },
  ])('draws nothing when $name', (options) => {
    expect(drive(options)).toEqual({ stdout: '', stderr: '' });
  });
});
