import type { BuildMemory, BuildSummary } from './build.js';
import { currentTime, monotonicMs, wallTime } from './clock.js';
import type { ConfigOverrides } from './config/source.js';
import type { ResolvedConfig } from './config/schema.js';
import { countOf, hasErrors, type Diagnostic } from './diagnostics.js';
import { ConfigError, EXIT, InterruptedError, LockCompromisedError, PresswireError, type ExitCode } from './errors.js';
import { classifyFailure } from './io-failure.js';
import { refuseOverlappingFolders } from './config/folders.js';
import { acquireLock } from './publish/lock.js';
import {
  answerFromNoopIndex,
  forgetNoopIndex,
  rememberedConfig,
  rememberNoop,
  type NoopContext,
  type NoopIndex,
} from './publish/noop-index.js';
import { withPublishGate } from './publish/lock-gate.js';
import { writeStatusEnded, writeStatusStarted, type StatusCounts, type StatusOutcome } from './publish/status.js';
import { reportRepairs } from './report/repairs.js';
import { orderDiagnostics, type Outcome, type Reporter } from './report/reporter.js';

/**
 * One `build` or `check` from flags to exit code, without touching the process: the CLI
 * and the scheduler both call this. Expected failures (bad config, lock held, a stop
 * request) are thrown as PresswireError and mapped to exit codes by the caller.
 *
 * A build takes the output folder's lock, marks the status file running, builds, and
 * records its result in the status file, whatever happens, before releasing the
 * lock.
 */

export interface RunOptions extends ConfigOverrides {
  command: 'build' | 'check';
  strict: boolean;
  reporter: Reporter;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Stop request (first SIGTERM/SIGINT). The build stops at its next safe point and
   * runOnce throws the signal's reason (an InterruptedError).
   */
  signal?: AbortSignal;
  /** `--allow-shrink`: let an intended mass withdrawal through the shrink guard (publish/shrink-guard.ts). */
  allowShrink?: boolean;
  /** Set for the runs of `presswire schedule`: the run's number and its "now". */
  run?: { number: number; now: number };
  /** What a long-running job keeps between its builds (build.ts, BuildMemory). */
  memory?: BuildMemory;
  /** An already resolved config (the library's config object); without it, the config file is loaded. */
  config?: ResolvedConfig;
}

/** What one finished `build`/`check` reports: its exit code and the summary it printed. */
export interface RunResult {
  exitCode: ExitCode;
  outcome: Outcome;
  /** The build's summary, with warnings turned into errors under `strict`. */
  summary: BuildSummary;
  durationMs: number;
  outDir: string;
}

export async function runOnce(options: RunOptions): Promise<ExitCode> {
  return (await runOnceWithSummary(options)).exitCode;
}

/** runOnce for callers that want the summary as data too (the library entry, src/index.ts). */
export async function runOnceWithSummary(options: RunOptions): Promise<RunResult> {
  const started = options.run?.now ?? currentTime(options.env);
  const startedAt = wallTime();
  const clockStart = monotonicMs();
  // A rebuild that the no-op index may answer finds its config there, without the schema.
  const remembered =
    options.config || options.command === 'check' || options.memory
      ? undefined
      : await rememberedConfig(options, options.env, options.cwd);
  const config = options.config ?? remembered?.config ?? (await loadConfigFile(options));
  await refuseOverlappingFolders(config, options.cwd);
  const statusCommand = options.run ? 'schedule' : options.command;
  // This run stops when asked to (options.signal) or when another process took its lock
  // over (stop rather than race it). A listener removed at the end rather than
  // AbortSignal.any: `schedule` makes one of these per run, for years.
  const controller = new AbortController();
  const signal = controller.signal;
  const forwardStop = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) forwardStop();
  options.signal?.addEventListener('abort', forwardStop, { once: true });
  try {
    return await runLocked(options, config, {
      signal,
      controller,
      started,
      startedAt,
      clockStart,
      statusCommand,
      ...(remembered ? { remembered: remembered.index } : {}),
    });
  } catch (error) {
    // A full disk, a read-only folder: an operational failure with its own exit code, not a bug.
    throw classifyFailure(error);
  } finally {
    options.signal?.removeEventListener('abort', forwardStop);
  }
}

interface RunContext {
  signal: AbortSignal;
  controller: AbortController;
  /** The build's "now". */
  started: number;
  /** Wall-clock start, for the status file. */
  startedAt: number;
  clockStart: number;
  statusCommand: string;
  /** The no-op index that gave this run its config (rememberedConfig); a full build then loads the config file. */
  remembered?: NoopIndex;
}

async function loadConfigFile(options: RunOptions): Promise<ResolvedConfig> {
  const { loadConfig } = await import('./config/load.js');
  return await loadConfig(options, options.env, options.cwd);
}

/**
 * The config file loaded by the schema for a full build of a run that started with the no-op
 * index's copy: it must name the folders whose lock this run holds.
 */
async function reloadConfig(options: RunOptions, started: ResolvedConfig): Promise<ResolvedConfig> {
  const config = await loadConfigFile(options);
  if (config.outDir !== started.outDir || config.stateDir !== started.stateDir) {
    throw new ConfigError(
      `${config.configFile ?? 'the config file'}: changed while the build was starting (another output or state folder); nothing was built; run again`,
    );
  }
  return config;
}

async function runLocked(options: RunOptions, config: ResolvedConfig, context: RunContext): Promise<RunResult> {
  const { signal, started, startedAt, statusCommand } = context;
  const dryRun = options.command === 'check';
  throwIfStopped(signal);
  const lock = dryRun
    ? undefined
    : await acquireLock(config.outDir, {
        command: options.run ? `schedule run ${options.run.number}` : options.command,
        env: options.env,
        onCompromised: (error) => context.controller.abort(error),
      });
  let changedFeeds: readonly string[] = [];
  try {
    if (!dryRun) await writeStatusStarted(config.stateDir, { command: statusCommand, startedAt, buildTime: started });
    const summary = await buildRecordingFailure(options, config, context, lock?.verify);
    const result = reportResult(options, config, context, summary);
    if (!dryRun) await recordResult(config, context, result);
    if (!dryRun && config.websub.hub) changedFeeds = summary.changedFeeds;
    return result;
  } finally {
    await lock?.release();
    // WebSub, after the lock is released so that the next build never waits for a
    // hub. Bounded by websub.deadlineMs; a scheduled run does not wait for it at all.
    if (config.websub.hub && changedFeeds.length > 0) {
      const { announceToHub } = await import('./publish/websub.js');
      const notifying = announceToHub(
        { ...config.websub, hub: config.websub.hub },
        changedFeeds,
        options.reporter,
      ).catch(() => undefined);
      if (!options.run) await notifying;
    }
  }
}

/**
 * The build, with the image progress shown; a build that fails or is stopped records that
 * in the status file (unless its lock was taken over) and throws why.
 */
async function buildRecordingFailure(
  options: RunOptions,
  config: ResolvedConfig,
  context: RunContext,
  verifyLock: (() => Promise<void>) | undefined,
): Promise<BuildSummary> {
  const { signal, started, startedAt, clockStart, statusCommand } = context;
  const dryRun = options.command === 'check';
  const progress = options.reporter.progress('images');
  try {
    // The stages are loaded when a build runs them: a rebuild answered from the no-op
    // index loads none of them (start-up is part of every rebuild's cost).
    const fullBuild = async () =>
      (await import('./build.js')).build({
        // The index's copy of the config is good for asking it; a build runs with the schema's own.
        config: context.remembered ? await reloadConfig(options, config) : config,
        now: started,
        cwd: options.cwd,
        dryRun,
        signal,
        onImageProgress: progress.update,
        ...(options.allowShrink ? { allowShrink: true } : {}),
        ...(options.memory ? { memory: options.memory } : {}),
      });
    // A long-running job keeps what it knows in memory (BuildMemory) and runs when something
    // changed; `check` validates every article: neither asks the no-op index.
    const building =
      dryRun || options.memory
        ? fullBuild
        : () =>
            buildOrAnswerNoop(
              {
                config,
                cwd: options.cwd,
                env: options.env,
                now: started,
                allowShrink: options.allowShrink ?? false,
                ...(options.config ? {} : { overrides: configOverridesOf(options) }),
              },
              { startedAt, fullBuild, ...(context.remembered ? { index: context.remembered } : {}) },
            );
    // Before each publishing step the build checks it still holds the lock (lock-gate.ts).
    return await (verifyLock ? withPublishGate(verifyLock, building) : building()).finally(progress.stop);
  } catch (error) {
    const stop = signal.aborted && isAbort(error, signal) ? stopReason(signal) : classifyFailure(error);
    // A build whose lock was taken over no longer owns the status file either.
    if (!dryRun && !(stop instanceof LockCompromisedError)) {
      const interrupted = stop instanceof InterruptedError;
      await writeStatusEnded(config.stateDir, {
        command: statusCommand,
        startedAt,
        buildTime: started,
        endedAt: wallTime(),
        durationMs: Math.round(monotonicMs() - clockStart),
        outcome: interrupted ? 'interrupted' : 'error',
        exitCode: stop instanceof PresswireError ? stop.exitCode : EXIT.internal,
        counts: null,
        diagnostics: [],
        message: (stop as Error).message ?? String(stop),
      }).catch(() => undefined); // never hide the build's own error behind a status-file error
    }
    throw stop;
  }
}

/**
 * A rebuild with nothing to do is answered from the no-op index (publish/noop-index.ts)
 * without reading the articles; any other runs the full build, which may leave a new index.
 */
async function buildOrAnswerNoop(
  context: NoopContext,
  run: { startedAt: number; fullBuild: () => Promise<BuildSummary>; index?: NoopIndex },
): Promise<BuildSummary> {
  const answer = await answerFromNoopIndex(context, run.index);
  if ('summary' in answer) return answer.summary;
  await forgetNoopIndex(context.config.stateDir);
  const summary = await run.fullBuild();
  await rememberNoop(context, summary, run.startedAt);
  return summary;
}

/** The flags and file that name where the config comes from (config/source.ts). */
function configOverridesOf(options: RunOptions): ConfigOverrides {
  return {
    ...(options.configFile === undefined ? {} : { configFile: options.configFile }),
    ...(options.articles === undefined ? {} : { articles: options.articles }),
    ...(options.out === undefined ? {} : { out: options.out }),
  };
}

/**
 * A finished build's verdict, pure. SPEC §4 / unbuild's failOnWarn: --strict turns every
 * warning (an unknown key, an unannounced edit) into an error: reported as one and failing
 * the build.
 */
export function judgeBuild(
  diagnostics: Diagnostic[],
  strict: boolean,
): { diagnostics: Diagnostic[]; outcome: Outcome; exitCode: ExitCode } {
  const judged: Diagnostic[] = strict
    ? diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' } : d))
    : diagnostics;
  const failed = hasErrors(judged);
  const outcome: Outcome = failed ? 'failed' : countOf(judged, 'warning') > 0 ? 'warnings' : 'ok';
  return { diagnostics: judged, outcome, exitCode: failed ? EXIT.articleErrors : EXIT.ok };
}

/** Prints the repairs, the diagnostics and the summary line; the run's result. */
function reportResult(
  options: RunOptions,
  config: ResolvedConfig,
  context: RunContext,
  summary: BuildSummary,
): RunResult {
  const { diagnostics, outcome, exitCode } = judgeBuild(summary.diagnostics, options.strict);
  const reported: BuildSummary = { ...summary, diagnostics };
  const durationMs = Math.round(monotonicMs() - context.clockStart);
  reportRepairs(options.reporter, summary, config.outDir, options.cwd);
  options.reporter.diagnostics(diagnostics);
  options.reporter.buildFinished(
    options.command,
    reported,
    outcome,
    durationMs,
    config.outDir,
    options.cwd,
    options.run?.number,
  );
  return { exitCode, outcome, summary: reported, durationMs, outDir: config.outDir };
}

/** The finished build in the status file, for monitoring. */
async function recordResult(config: ResolvedConfig, context: RunContext, result: RunResult): Promise<void> {
  const { diagnostics } = result.summary;
  await writeStatusEnded(config.stateDir, {
    command: context.statusCommand,
    startedAt: context.startedAt,
    buildTime: context.started,
    endedAt: wallTime(),
    durationMs: result.durationMs,
    outcome: result.outcome satisfies StatusOutcome,
    exitCode: result.exitCode,
    counts: countsOf(result.summary),
    diagnostics: orderDiagnostics(diagnostics),
    message: null,
  });
}

function countsOf(summary: BuildSummary): StatusCounts {
  const errors = summary.diagnostics.filter((d) => d.severity === 'error').length;
  return {
    articles: summary.articles,
    entries: summary.entries,
    corrected: summary.corrected,
    withdrawn: summary.withdrawn,
    kept: summary.kept,
    skipped: summary.skipped,
    failed: summary.failed,
    unannouncedEdits: summary.unannouncedEdits,
    errors,
    warnings: countOf(summary.diagnostics, 'warning'),
    filesWritten: summary.written.length,
    filesUnchanged: summary.unchanged.length,
  };
}

function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw stopReason(signal);
}

/** The error a stop request carries (InterruptedError, LockCompromisedError), or a generic interruption. */
function stopReason(signal: AbortSignal): unknown {
  return signal.reason instanceof PresswireError ? signal.reason : new InterruptedError('a stop request');
}

/** Whether `error` is the build giving up because of `signal` (throwIfAborted throws the reason itself). */
function isAbort(error: unknown, signal: AbortSignal): boolean {
  return error === signal.reason || (error instanceof Error && error.name === 'AbortError');
}
