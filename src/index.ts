import { Writable } from 'node:stream';
import type { BuildSummary as StageSummary } from './build.js';
import { currentTime } from './clock.js';
import { loadConfig as loadConfigFile, resolveConfigObject } from './config/load.js';
import type { ConfigInput, ResolvedConfig } from './config/schema.js';
import type { ExitCode } from './errors.js';
import { Reporter, type Outcome } from './report/reporter.js';
import { runOnceWithSummary } from './run.js';

/**
 * presswire as a library: the same `build` and `check` as the CLI (the same lock, atomic
 * publishing, state and diagnostics: both call run.ts), returning the summary as data.
 * Nothing is printed unless `report` asks for it, and nothing ends the process: an
 * expected failure (bad config, lock held, shrink refused…) is thrown as a
 * PresswireError carrying the exit code the CLI would have used.
 */

export type { Diagnostic, Severity } from './diagnostics.js';
export type { ExitCode } from './errors.js';
export {
  EXIT,
  PresswireError,
  ConfigError,
  LockHeldError,
  LockCompromisedError,
  ShrinkRefusedError,
  InterruptedError,
  StateError,
  OperationalError,
} from './errors.js';

/** A configuration as written in `presswire.config.json` (before defaults). */
export type PresswireConfig = ConfigInput;

/** A configuration with every default applied and every folder an absolute path. */
export type ResolvedPresswireConfig = ResolvedConfig;

/** Where the CLI's human (or `json`) output goes, when a caller wants it. */
export interface ReportOptions {
  /** The end line (or, with `json`, every JSON line). Default: nowhere. */
  stdout?: NodeJS.WritableStream;
  /** Diagnostics, warnings and a failed build's end line. Default: nowhere. */
  stderr?: NodeJS.WritableStream;
  /** One JSON object per line on `stdout`, as `--json`. */
  json?: boolean;
  /** Errors and the failure summary only, as `--quiet`. */
  quiet?: boolean;
}

/** Where the config comes from, and what overrides it (docs/configuration.md). */
export interface ConfigOptions {
  /**
   * A path to a config file (relative to `cwd`), or a config object checked by the same
   * schema (its relative paths are resolved against `cwd`). Default: `presswire.config.json`
   * in `cwd`.
   */
  config?: string | PresswireConfig;
  /** The articles folder, overriding the config's `articles` (relative to `cwd`). */
  articles?: string;
  /** The output folder, overriding the config's `out` (relative to `cwd`). */
  out?: string;
  /** The working folder. Default: `process.cwd()`. */
  cwd?: string;
  /** Environment read as the CLI reads it (PRESSWIRE_SITE_URL, PRESSWIRE_OUT, PRESSWIRE_NOW). Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** Options of `build` and `check`. */
export interface BuildOptions extends ConfigOptions {
  /** Turn every warning into an error, as `--strict`. */
  strict?: boolean;
  /** Let an intended mass withdrawal through the shrink guard, as `--allow-shrink`. */
  allowShrink?: boolean;
  /** Stops the build at its next safe point; it then throws an InterruptedError. */
  signal?: AbortSignal;
  /** Print what the CLI prints, to these streams. Default: print nothing. */
  report?: ReportOptions;
}

/** What one `build` or `check` did. */
export interface BuildSummary extends StageSummary {
  /** `check` wrote nothing: `written` and `unchanged` are empty. */
  command: 'build' | 'check';
  /** The exit code the CLI would have had: 0, or 1 when an article failed (or a warning under `strict`). */
  exitCode: ExitCode;
  /** `failed` when an article failed (exit code 1), `warnings` when only warnings were reported. */
  outcome: Outcome;
  /** Wall time of the whole build, lock and state included. */
  durationMs: number;
  /** The absolute output folder. */
  outDir: string;
}

/**
 * Builds the feeds into the output folder, as `presswire build`. Diagnostics (a bad
 * article) are returned in the summary; expected failures throw a PresswireError.
 */
export function build(options: BuildOptions = {}): Promise<BuildSummary> {
  return runCommand('build', options);
}

/** Validates everything and writes nothing, as `presswire check`. */
export function check(options: BuildOptions = {}): Promise<BuildSummary> {
  return runCommand('check', options);
}

/**
 * Loads and checks a configuration, as a build would: from a file path or an object
 * (`options.config`), then the environment and the `articles`/`out` overrides. Throws a
 * ConfigError when it is not valid.
 */
export async function loadConfig(options: ConfigOptions = {}): Promise<ResolvedPresswireConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const overrides = {
    ...(options.articles === undefined ? {} : { articles: options.articles }),
    ...(options.out === undefined ? {} : { out: options.out }),
  };
  if (typeof options.config === 'object') return resolveConfigObject(options.config, overrides, env, cwd);
  return loadConfigFile(
    { ...overrides, ...(options.config === undefined ? {} : { configFile: options.config }) },
    env,
    cwd,
  );
}

async function runCommand(command: 'build' | 'check', options: BuildOptions): Promise<BuildSummary> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const config = await loadConfig({ ...options, cwd, env });
  const result = await runOnceWithSummary({
    command,
    config,
    strict: options.strict ?? false,
    reporter: reporterFor(options.report, env),
    env,
    cwd,
    ...(options.allowShrink ? { allowShrink: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return {
    ...result.summary,
    command,
    exitCode: result.exitCode,
    outcome: result.outcome,
    durationMs: result.durationMs,
    outDir: result.outDir,
  };
}

function reporterFor(report: ReportOptions | undefined, env: NodeJS.ProcessEnv): Reporter {
  // Without `report`, the reporter (the only writer of output) writes into a sink that
  // drops everything: one code path for both, and a library call prints nothing.
  const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });
  return new Reporter({
    json: report?.json ?? false,
    quiet: report ? (report.quiet ?? false) : true,
    stdout: report?.stdout ?? sink(),
    stderr: report?.stderr ?? sink(),
    clock: () => currentTime(env),
  });
}
