/**
 * Expected failures that stop a whole command, each with its exit code (after changesets'
 * packages/errors). The CLI prints their message without a stack; anything else is a bug.
 * One bad article is never one of these: it is a diagnostic (diagnostics.ts).
 */

export const EXIT = {
  /** Success (warnings included, unless --strict). */
  ok: 0,
  /** At least one article failed (or a warning under --strict); the others were published. */
  articleErrors: 1,
  /** Bad command line or configuration: nothing was built. */
  config: 2,
  /** Another build holds the lock on this output folder. */
  locked: 3,
  /**
   * The build refused to publish what its articles say (docs/refusals.md, "Folders, vanished
   * archives and oversized images"): the articles folder is empty or the published entries
   * would shrink by more than `publish.maxShrink` (EX_DATAERR).
   */
  dataRefused: 65,
  /** The articles folder is missing or cannot be read (sysexits.h EX_NOINPUT). */
  noInput: 66,
  /** A bug in presswire. */
  internal: 70,
  /**
   * The output or state folder cannot be written: a read-only file system, permission
   * denied (sysexits.h EX_CANTCREAT).
   */
  cannotCreate: 73,
  /** The disk is full (ENOSPC, EDQUOT) or failed (EIO) (sysexits.h EX_IOERR). */
  ioError: 74,
  /**
   * Another build took this build's lock over (it was suspended past the stale time); it
   * published nothing more. Running again is safe (EX_TEMPFAIL).
   */
  lockLost: 75,
  /**
   * `build`/`check` stopped by SIGTERM/SIGINT before it finished (out/ still valid), or any
   * command stopped at once by a second signal. 128 + SIGINT, as shells report Ctrl-C.
   * (`schedule` stopped by one signal is a normal end: 0.)
   */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class PresswireError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

export class ConfigError extends PresswireError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, EXIT.config, options);
  }
}

export class UsageError extends PresswireError {
  constructor(message: string) {
    super(message, EXIT.config);
  }
}

export class LockHeldError extends PresswireError {
  constructor(message: string) {
    super(message, EXIT.locked);
  }
}

/** The run was asked to stop (SIGTERM/SIGINT) and stopped at a safe point. */
export class InterruptedError extends PresswireError {
  readonly signal: string;
  constructor(signal: string) {
    super(
      `stopped by ${signal} at a safe point; out/ holds complete files from this or the previous build`,
      EXIT.interrupted,
    );
    this.signal = signal;
  }
}

/** The lock was taken from this build (it could not refresh it in time, e.g. the machine slept). */
export class LockCompromisedError extends PresswireError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, EXIT.lockLost, options);
  }
}

/**
 * The build would publish a vanished or shrunken archive (docs/refusals.md, "Folders, vanished
 * archives and oversized images").
 */
export class ShrinkRefusedError extends PresswireError {
  constructor(message: string) {
    super(message, EXIT.dataRefused);
  }
}

/** The state file cannot be read as presswire state; guessing would rewrite the feeds' history. */
export class StateError extends PresswireError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, EXIT.internal, options);
  }
}

/**
 * The machine, not presswire, failed: a full disk, a read-only or forbidden folder, a missing
 * articles folder (io-failure.ts classifies them). Its message says what happened, which
 * path and what to do; the system error with its stack is kept as the cause, for `--json`'s
 * `detail` only.
 */
export class OperationalError extends PresswireError {
  /** The file or folder the failing call named, when it named one. */
  readonly path: string | undefined;
  constructor(message: string, exitCode: ExitCode, path: string | undefined, options?: ErrorOptions) {
    super(message, exitCode, options);
    this.path = path;
  }
}
