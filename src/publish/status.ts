import { hostname } from 'node:os';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { writeFileAtomic } from './atomic-write.js';
import { readRecordFile } from './record-file.js';

/**
 * The status file: `<state>/status.json`, a small summary of the last build for
 * monitoring (a Nagios check, a Prometheus textfile exporter, `jq` in a cron mail). It is
 * written by the process holding the lock: once when a build starts (`running: true`,
 * the previous result kept) and once when it ends. Times are wall-clock ISO 8601 UTC,
 * even when PRESSWIRE_NOW pins the build's time (`buildTime`).
 */

export const STATUS_VERSION = 1;

/** How the last build ended. */
export type StatusOutcome = 'ok' | 'warnings' | 'failed' | 'interrupted' | 'error';

export interface StatusCounts {
  articles: number;
  entries: number;
  corrected: number;
  withdrawn: number;
  kept: number;
  skipped: number;
  failed: number;
  unannouncedEdits: number;
  errors: number;
  warnings: number;
  filesWritten: number;
  filesUnchanged: number;
}

export interface Status {
  version: typeof STATUS_VERSION;
  /** True from the start of a build to its end; still true after a SIGKILL (check `pid`). */
  running: boolean;
  pid: number;
  host: string;
  /** "build", or "schedule" for runs of the scheduled job. */
  command: string;
  lastStart: string;
  /** End of the last finished build; null before the first one ends. */
  lastEnd: string | null;
  /** End of the last build with outcome ok or warnings. */
  lastSuccess: string | null;
  /** The build's own "now" (PRESSWIRE_NOW, or the clock at its start). */
  buildTime: string;
  outcome: StatusOutcome | null;
  exitCode: number | null;
  durationMs: number | null;
  counts: StatusCounts | null;
  /** The first diagnostics, errors first. */
  diagnostics: Diagnostic[];
  diagnosticsTotal: number;
  /** What stopped a build with outcome "error" or "interrupted". */
  message: string | null;
}

/** How many diagnostics the status file carries; the log has them all. */
export const STATUS_DIAGNOSTICS = 10;

export function statusFile(stateDir: string): string {
  return path.join(stateDir, 'status.json');
}

export async function readStatus(stateDir: string): Promise<Status | undefined> {
  // A missing or damaged status file only loses the previous result; never fail a build for it.
  return readRecordFile(
    statusFile(stateDir),
    (data) => ((data as Partial<Status>).version === STATUS_VERSION ? (data as Status) : undefined),
    undefined,
  );
}

export interface StartRecord {
  command: string;
  startedAt: number;
  buildTime: number;
}

/** Mark a build as running, keeping the previous build's result for the reader. */
export async function writeStatusStarted(stateDir: string, start: StartRecord): Promise<void> {
  const previous = await readStatus(stateDir);
  const status: Status = {
    version: STATUS_VERSION,
    running: true,
    pid: process.pid,
    host: hostname(),
    command: start.command,
    lastStart: iso(start.startedAt),
    lastEnd: previous?.lastEnd ?? null,
    lastSuccess: previous?.lastSuccess ?? null,
    buildTime: iso(start.buildTime),
    outcome: previous?.outcome ?? null,
    exitCode: previous?.exitCode ?? null,
    durationMs: previous?.durationMs ?? null,
    counts: previous?.counts ?? null,
    diagnostics: previous?.diagnostics ?? [],
    diagnosticsTotal: previous?.diagnosticsTotal ?? 0,
    message: previous?.message ?? null,
  };
  await writeFileAtomic(statusFile(stateDir), `${JSON.stringify(status, null, 2)}\n`);
}

export interface EndRecord extends StartRecord {
  endedAt: number;
  durationMs: number;
  outcome: StatusOutcome;
  exitCode: number;
  counts: StatusCounts | null;
  /** Already ordered errors first. */
  diagnostics: readonly Diagnostic[];
  message: string | null;
}

export async function writeStatusEnded(stateDir: string, end: EndRecord): Promise<void> {
  const previous = await readStatus(stateDir);
  const succeeded = end.outcome === 'ok' || end.outcome === 'warnings';
  const status: Status = {
    version: STATUS_VERSION,
    running: false,
    pid: process.pid,
    host: hostname(),
    command: end.command,
    lastStart: iso(end.startedAt),
    lastEnd: iso(end.endedAt),
    lastSuccess: succeeded ? iso(end.endedAt) : (previous?.lastSuccess ?? null),
    buildTime: iso(end.buildTime),
    outcome: end.outcome,
    exitCode: end.exitCode,
    durationMs: Math.round(end.durationMs),
    counts: end.counts,
    diagnostics: end.diagnostics.slice(0, STATUS_DIAGNOSTICS).map((d) => ({ ...d })),
    diagnosticsTotal: end.diagnostics.length,
    message: end.message,
  };
  await writeFileAtomic(statusFile(stateDir), `${JSON.stringify(status, null, 2)}\n`);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
