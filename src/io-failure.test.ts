import { describe, expect, it } from 'vitest';
import { EXIT, OperationalError } from './errors.js';
import { articlesFolderFailure, classifyFailure } from './io-failure.js';

function errno(code: string, syscall: string, file?: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: something, ${syscall}`);
  error.code = code;
  error.syscall = syscall;
  if (file !== undefined) error.path = file;
  return error;
}

describe('classifyFailure', () => {
  it.each([
    [
      'ENOSPC',
      'write',
      EXIT.ioError,
      'cannot write /srv/out/rss.xml: no space is left on the device (ENOSPC); free space',
    ],
    ['EDQUOT', 'write', EXIT.ioError, 'cannot write /srv/out/rss.xml: the disk quota is exceeded (EDQUOT)'],
    ['EIO', 'read', EXIT.ioError, 'cannot read /srv/out/rss.xml: the device reported an I/O error (EIO)'],
    [
      'EROFS',
      'mkdir',
      EXIT.cannotCreate,
      'cannot write /srv/out/rss.xml: the file system is read-only (EROFS); mount it read-write',
    ],
    ['EACCES', 'open', EXIT.cannotCreate, 'cannot open /srv/out/rss.xml: permission denied (EACCES); give the user'],
    ['EPERM', 'rename', EXIT.cannotCreate, 'cannot write /srv/out/rss.xml: operation not permitted (EPERM)'],
  ])('%s in %s exits %i with one line naming the path', (code, syscall, exitCode, start) => {
    const cause = errno(code, syscall, '/srv/out/rss.xml');
    const error = classifyFailure(cause) as OperationalError;
    expect(error).toBeInstanceOf(OperationalError);
    expect(error.exitCode).toBe(exitCode);
    expect(error.message.startsWith(start)).toBe(true);
    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(/The files already published are unchanged\.$/);
    expect(error.path).toBe('/srv/out/rss.xml');
    expect(error.cause).toBe(cause);
  });

  it('leaves every other error alone (a bug stays a bug)', () => {
    const other = errno('EISDIR', 'read', '/srv/state.json');
    expect(classifyFailure(other)).toBe(other);
    const plain = new TypeError('x is undefined');
    expect(classifyFailure(plain)).toBe(plain);
  });
});

describe('articlesFolderFailure', () => {
  it('names a missing folder and what to do (exit 66)', () => {
    const error = articlesFolderFailure(
      errno('ENOENT', 'scandir', '/srv/articles'),
      '/srv/articles',
    ) as OperationalError;
    expect(error.exitCode).toBe(EXIT.noInput);
    expect(error.message).toBe(
      'the articles folder /srv/articles does not exist; create it, or point --articles (or the config key `articles`) at the folder that holds the articles. Nothing was built.',
    );
  });

  it('names an unreadable subfolder (exit 66)', () => {
    const error = articlesFolderFailure(
      errno('EACCES', 'scandir', '/srv/articles/2024'),
      '/srv/articles',
    ) as OperationalError;
    expect(error.exitCode).toBe(EXIT.noInput);
    expect(error.message).toBe(
      '/srv/articles/2024 in the articles folder cannot be read (EACCES); give the user running presswire read access to it. Nothing was built.',
    );
  });
});
