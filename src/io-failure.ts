import { EXIT, OperationalError } from './errors.js';

/**
 * System errors that are ordinary operational failures of a build server, not bugs (the
 * docs/operations.md, "Exit codes"): each becomes an OperationalError with a one-line message that
 * says what happened, which path and what to do, and a sysexits.h code that monitoring can
 * key on. Anything else is left as it is (a bug, exit 70).
 */

const FULL = { ENOSPC: 'no space is left on the device', EDQUOT: 'the disk quota is exceeded' } as const;
const DENIED = {
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
} as const;

/** Calls that only read: their failure is named "cannot read", open's "cannot open", every other "cannot write". */
const READING = new Set(['read', 'scandir', 'stat', 'lstat', 'readlink', 'opendir', 'access', 'realpath']);

function isErrno(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

/** `error` as an OperationalError when it is one of the failures above; otherwise `error` itself. */
export function classifyFailure(error: unknown): unknown {
  if (!isErrno(error) || error instanceof OperationalError) return error;
  const code = error.code as string;
  const where = error.path ?? (error as { dest?: string }).dest;
  const subject = where === undefined ? 'a file' : where;
  const verb = READING.has(error.syscall ?? '') ? 'read' : error.syscall === 'open' ? 'open' : 'write';
  const intact = 'The files already published are unchanged.';
  if (code in FULL) {
    return new OperationalError(
      `cannot write ${subject}: ${FULL[code as keyof typeof FULL]} (${code}); free space on that disk (or raise the quota) and run the build again. ${intact}`,
      EXIT.ioError,
      where,
      { cause: error },
    );
  }
  if (code === 'EIO') {
    return new OperationalError(
      `cannot ${verb} ${subject}: the device reported an I/O error (EIO); check the disk (the kernel log names it) and run the build again. ${intact}`,
      EXIT.ioError,
      where,
      { cause: error },
    );
  }
  if (code in DENIED) {
    const remedy =
      code === 'EROFS'
        ? 'mount it read-write, or choose another output folder (--out or PRESSWIRE_OUT) and state folder (the config key `state`)'
        : 'give the user running presswire access to it, or choose another output folder (--out or PRESSWIRE_OUT) and state folder (the config key `state`)';
    return new OperationalError(
      `cannot ${verb} ${subject}: ${DENIED[code as keyof typeof DENIED]} (${code}); ${remedy}. ${intact}`,
      EXIT.cannotCreate,
      where,
      { cause: error },
    );
  }
  return error;
}

/**
 * The articles folder could not be listed (EX_NOINPUT): missing, not a folder, or not
 * readable. Other failures (a full disk cannot stop a listing) go through classifyFailure.
 */
export function articlesFolderFailure(error: unknown, articlesDir: string): unknown {
  if (!isErrno(error)) return error;
  const where = error.path ?? articlesDir;
  const what =
    error.code === 'ENOENT'
      ? 'does not exist'
      : error.code === 'ENOTDIR'
        ? 'is not a folder'
        : error.code === 'EACCES' || error.code === 'EPERM'
          ? `cannot be read (${error.code})`
          : undefined;
  if (what === undefined) return classifyFailure(error);
  const remedy =
    error.code === 'EACCES' || error.code === 'EPERM'
      ? 'give the user running presswire read access to it'
      : 'create it, or point --articles (or the config key `articles`) at the folder that holds the articles';
  const subject = where === articlesDir ? `the articles folder ${articlesDir}` : `${where} in the articles folder`;
  return new OperationalError(`${subject} ${what}; ${remedy}. Nothing was built.`, EXIT.noInput, where, {
    cause: error,
  });
}
