import path from 'node:path';
import { adoptionLines, commonCauses } from './causes.js';
import type cliProgress from 'cli-progress';
import type { BuildSummary } from '../build.js';
import { countOf, formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { lazyRequire } from '../util/lazy-require.js';
import type { RunCause } from '../schedule/loop.js';
import { escapeLine, escapeText } from './escape.js';

/** Only a terminal ever draws a bar: builds from cron never load it. */
const loadCliProgress = lazyRequire<typeof cliProgress>('cli-progress');

/**
 * The only writer to stdout and stderr. Human mode: diagnostics on stderr, one summary line
 * on stdout. JSON mode (`--json`): one JSON object per line on stdout, for log shippers.
 * Quiet mode (`--quiet`): errors and the failure summary only.
 */

export interface ReporterOptions {
  json: boolean;
  quiet: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** For timestamps on JSON lines; the reporter never reads the clock itself. */
  clock: () => number;
  /** Monotonic milliseconds, for spacing progress events; default performance.now(). */
  ticks?: () => number;
}

export type Outcome = 'ok' | 'warnings' | 'failed';

/** A progress display that the work reports to; it decides itself whether anything is shown. */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export class Reporter {
  constructor(private readonly options: ReporterOptions) {}

  diagnostics(diagnostics: readonly Diagnostic[]): void {
    for (const d of orderDiagnostics(diagnostics)) {
      if (this.options.json) {
        this.json({
          event: 'diagnostic',
          level: d.severity,
          file: d.file,
          line: d.line,
          key: d.key,
          message: d.message,
        });
      } else if (d.severity === 'error' || !this.options.quiet) {
        // One diagnostic, one line, whatever its file is named.
        this.options.stderr.write(`${d.severity}: ${escapeLine(formatDiagnostic(d))}\n`);
      }
    }
  }

  /** The end line of a build; with `run`, the end line of that run of `presswire schedule`. */
  buildFinished(
    command: string,
    summary: BuildSummary,
    outcome: Outcome,
    durationMs: number,
    outDir: string,
    cwd: string,
    run?: number,
  ): void {
    const errors = summary.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = countOf(summary.diagnostics, 'warning');
    if (this.options.json) {
      this.json({
        event: run === undefined ? `${command}-finished` : 'run-finished',
        ...(run === undefined ? {} : { run }),
        level: outcome === 'failed' ? 'error' : outcome === 'warnings' ? 'warning' : 'info',
        outcome,
        durationMs,
        articles: summary.articles,
        entries: summary.entries,
        corrected: summary.corrected,
        withdrawn: summary.withdrawn,
        skipped: summary.skipped,
        failed: summary.failed,
        unannouncedEdits: summary.unannouncedEdits,
        kept: summary.kept,
        errors,
        warnings,
        filesWritten: summary.written.length,
        filesUnchanged: summary.unchanged.length,
        imageSources: summary.images.sources,
        imageRenditions: summary.images.renditions,
        imagesEncoded: summary.images.encoded,
        sourceBytesRead: summary.images.sourceBytesRead,
        articlesRead: summary.articleFiles.read,
        articlesParsed: summary.articleFiles.parsed,
        articleBytesRead: summary.articleFiles.bytesRead,
        imagesRemoved: summary.images.removed,
        dialects: summary.dialects,
        ...(summary.outdated ? { outdated: summary.outdated } : {}),
        ...(summary.failed > 0 ? { causes: commonCauses(summary.diagnostics) } : {}),
        out: outDir,
      });
      return;
    }
    if (this.options.quiet && outcome !== 'failed') return;
    const where = path.relative(cwd, outDir) || '.';
    const files =
      command === 'check'
        ? `nothing written${outdatedNote(summary.outdated, where)}`
        : `${summary.written.length} written, ${summary.unchanged.length} unchanged in ${where}/ (${count(summary.images.encoded, 'image rendition')} encoded)`;
    const line =
      `presswire ${run === undefined ? command : `schedule run ${run}`}: ${outcome === 'failed' ? 'FAILED' : 'ok'} — ${count(summary.entries, 'entry', 'entries')} ` +
      `(${summary.corrected} corrected), ${summary.withdrawn} withdrawn, ${summary.skipped} skipped, ` +
      `${summary.failed} failed; ${count(errors, 'error')}, ${count(warnings, 'warning')}; ${files}; ${(durationMs / 1000).toFixed(2)} s`;
    const extra = adoptionLines(summary);
    (outcome === 'failed' ? this.options.stderr : this.options.stdout).write(
      [line, ...extra].map((text) => `${escapeLine(text)}\n`).join(''),
    );
  }

  /**
   * A progress bar for long work (image renditions), drawn on stderr by
   * cli-progress and only on a terminal: never with --json or --quiet, never into a pipe
   * or a log file. It appears at the first update and is cleared when the work ends.
   */
  progress(label: string): Progress {
    if (this.options.json) return this.jsonProgress(label);
    const stream = this.options.stderr as NodeJS.WritableStream & { isTTY?: boolean };
    if (this.options.quiet || stream.isTTY !== true) return { update: () => {}, stop: () => {} };
    let bar: cliProgress.SingleBar | undefined;
    return {
      update: (done, total) => {
        if (bar) return bar.update(done);
        const { SingleBar, Presets } = loadCliProgress();
        bar = new SingleBar(
          {
            stream,
            format: `${label} [{bar}] {value}/{total} | {eta_formatted} left`,
            clearOnComplete: true,
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        bar.start(total, done);
      },
      stop: () => {
        bar?.stop();
        bar = undefined;
      },
    };
  }

  /**
   * With --json, long work reports `progress` events ({stage, done, total}) for a log
   * shipper or a CI page, at most one a second so that a 10,000-image build does not flood
   * the log: the first at the first update, then the latest state once a second has passed.
   * Timed by a monotonic clock, never by the build's "now" (PRESSWIRE_NOW pins that).
   */
  private jsonProgress(stage: string): Progress {
    const ticks = this.options.ticks ?? (() => performance.now());
    let last = Number.NEGATIVE_INFINITY;
    return {
      update: (done, total) => {
        const now = ticks();
        if (now - last < 1000) return;
        last = now;
        this.json({ event: 'progress', level: 'info', stage, done, total });
      },
      stop: () => {},
    };
  }

  /**
   * The start line of a run of `presswire schedule`: the cron slot that started it and the
   * build's "now" (embargoes are decided against it).
   */
  runStarted(run: number, cause: RunCause, buildTime: number): void {
    const at = new Date(buildTime).toISOString();
    if (this.options.json)
      this.json({
        event: 'run-started',
        level: 'info',
        run,
        ...('slot' in cause ? { slot: cause.slot.toISOString() } : cause),
        buildTime: at,
      });
    else if (!this.options.quiet) {
      const why =
        'slot' in cause
          ? `slot ${cause.slot.toISOString()}`
          : 'changed' in cause
            ? `${cause.changed.length === 1 ? 'a change' : `${cause.changed.length} changes`}: ${firstFew(cause.changed)}`
            : `out of date at start: ${cause.outdated.length > 0 ? firstFew(cause.outdated) : 'the article cache'}`;
      this.options.stdout.write(`presswire schedule run ${run}: started (${why}, build time ${at})\n`);
    }
  }

  /**
   * The end line of a run that did not get to the end of a build: stopped by a signal
   * ("interrupted"), the lock held by another build ("locked"), a config error or an
   * exception ("error"). The scheduled job goes on either way.
   */
  runEnded(
    run: number,
    outcome: 'interrupted' | 'locked' | 'error',
    message: string,
    durationMs: number,
    exitCode: number,
  ): void {
    if (this.options.json) {
      this.json({
        event: 'run-finished',
        level: outcome === 'interrupted' ? 'info' : 'error',
        run,
        outcome,
        exitCode,
        durationMs,
        message,
      });
      return;
    }
    if (this.options.quiet && outcome === 'interrupted') return;
    const line = `presswire schedule run ${run}: ${outcome.toUpperCase()} — ${message}; ${(durationMs / 1000).toFixed(2)} s`;
    (outcome === 'interrupted' ? this.options.stdout : this.options.stderr).write(`${escapeLine(line)}\n`);
  }

  /** A slot of the schedule that did not start a run (runs never overlap). */
  runSkipped(slot: Date, reason: 'overlap' | 'missed', detail: string): void {
    if (this.options.json)
      this.json({ event: 'run-skipped', level: 'warning', slot: slot.toISOString(), reason, message: detail });
    else if (!this.options.quiet)
      this.options.stderr.write(`presswire schedule: skipped the run due at ${slot.toISOString()}: ${detail}\n`);
  }

  warn(message: string, detail?: Record<string, unknown>): void {
    if (this.options.json) this.json({ event: 'warning', level: 'warning', message, ...detail });
    else if (!this.options.quiet) this.options.stderr.write(`presswire: warning: ${escapeLine(message)}\n`);
  }

  /** A message about the command itself (lock held, bad config, a bug). */
  fatal(message: string, detail?: Record<string, unknown>): void {
    if (this.options.json) this.json({ event: 'fatal', level: 'error', message, ...detail });
    else this.options.stderr.write(`presswire: ${escapeText(message)}\n`);
  }

  info(message: string, detail?: Record<string, unknown>): void {
    if (this.options.json) this.json({ event: 'info', level: 'info', message, ...detail });
    else if (!this.options.quiet) this.options.stdout.write(`${escapeLine(message)}\n`);
  }

  json(record: Record<string, unknown>): void {
    const line = { time: new Date(this.options.clock()).toISOString(), ...record };
    this.options.stdout.write(`${JSON.stringify(line)}\n`);
  }
}

/** What `check` found behind the articles in out/: `; 3 feeds out of date (atom.xml, …)`, or that none is. */
function outdatedNote(outdated: readonly string[] | undefined, where: string): string {
  if (outdated === undefined) return '';
  if (outdated.length === 0) return `; ${where}/ is up to date`;
  return `; ${count(outdated.length, 'feed')} out of date (${firstFew(outdated)})`;
}

/** A list of files in a log line: the first three, then an ellipsis. */
function firstFew(files: readonly string[]): string {
  return `${escapeLine(files.slice(0, 3).join(', '))}${files.length > 3 ? ', …' : ''}`;
}

/** `1 error`, `2 errors`, `0 errors`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** Errors first, then warnings, then notes, each in file order: what to fix first is on top. */
export function orderDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0),
  );
}
