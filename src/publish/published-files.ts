import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { mapLimit } from '../util/pool.js';
import { bytesOf, writeFileAtomic, writeIfChanged, type WriteOutcome } from './atomic-write.js';
import { sha256Of, type HashedBytes } from './digest.js';
import { readRecordFile } from './record-file.js';

/**
 * What presswire last wrote to each published file (feeds, archive pages, the index page,
 * the stylesheets), in `<state>/published.json`: its size, mtime and sha256. A file in
 * out/ that is no longer what presswire wrote (an rsync of an older copy, a restored backup,
 * a truncation, a deletion) is drift; the build writes it again and reports it (docs/operations.md,
 * "How a build stays safe, and why").
 *
 * A no-op rebuild reads no output bytes: a file whose size and mtime are as recorded is
 * taken as intact after one stat. Only a file whose stat moved is read and hashed; when its
 * bytes are still the recorded ones (a `touch`, a copy that kept the bytes) only the record
 * is updated, and nothing is rewritten. Like outputs.json, this file is a cache: a missing
 * or damaged one makes the build compare every file's bytes once.
 */

const VERSION = 1;

const recordSchema = z.object({ size: z.number(), mtimeMs: z.number(), sha256: z.string() });
const fileSchema = z.object({ version: z.literal(VERSION), files: z.record(z.string(), recordSchema) });

export type PublishedRecord = z.infer<typeof recordSchema>;

/** Why a file was written again although its content had not changed. */
export type Drift = 'missing' | 'changed';

/** Stats in flight at once: enough to hide the latency of a slow disk, few enough for any ulimit. */
const STAT_CONCURRENCY = 64;

export function publishedFile(stateDir: string): string {
  return path.join(stateDir, 'published.json');
}

/** A published file's content: text (written as UTF-8), bytes, or bytes already hashed where they were made. */
export type PublishedContent = string | Uint8Array | HashedBytes;

/** The bytes to write and the digest they are recorded by (already worked out for HashedBytes). */
function withDigest(content: PublishedContent): { bytes: Buffer; sha256: string } {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    const bytes = bytesOf(content);
    return { bytes, sha256: sha256Of(bytes) };
  }
  return { bytes: bytesOf(content.bytes), sha256: content.sha256 };
}

export class PublishedFiles {
  /** Files found not to be what the last build wrote, relative to out/, in the order found. */
  readonly drifted = new Map<string, Drift>();
  private readonly records: Record<string, PublishedRecord>;
  private changed = false;

  private constructor(
    private readonly outDir: string,
    private readonly stateDir: string,
    records: Record<string, PublishedRecord>,
  ) {
    this.records = records;
  }

  static async open(outDir: string, stateDir: string): Promise<PublishedFiles> {
    // Missing or damaged: every file is compared by its bytes once (see above).
    const records = await readRecordFile<Record<string, PublishedRecord>>(
      publishedFile(stateDir),
      (data) => {
        const parsed = fileSchema.safeParse(data);
        return parsed.success ? parsed.data.files : undefined;
      },
      {},
    );
    return new PublishedFiles(outDir, stateDir, records);
  }

  /**
   * Which of `names` are still exactly what the last build wrote. One stat per file, many at
   * once; bytes are read only for a file whose stat moved. A file without a record is not
   * vouched for (the caller writes it through publish(), which compares bytes).
   */
  async intact(names: readonly string[]): Promise<Set<string>> {
    const intact = new Set<string>();
    await mapLimit(names, STAT_CONCURRENCY, async (name) => {
      if (this.records[name] === undefined) return;
      if ((await this.check(name)) === undefined) intact.add(name);
    });
    return intact;
  }

  /**
   * Writes out/`name` unless it already holds exactly `content`, and records what was
   * written. A file whose record matches `content` but which is missing or holds other bytes
   * has drifted: it is written again and reported. With `after`, a file written is renamed
   * into place only once `after` settled, and the call ends no earlier than it: so calls
   * chained on one another publish in order however many are under way.
   */
  async publish(name: string, content: PublishedContent, after?: Promise<unknown>): Promise<WriteOutcome> {
    const { bytes, sha256: digest } = withDigest(content);
    const record = this.records[name];
    if (record?.sha256 === digest) {
      const drift = await this.check(name);
      if (drift === undefined) {
        await after;
        return 'unchanged';
      }
      this.drifted.set(name, drift);
    }
    const file = path.join(this.outDir, name);
    const existing = record?.sha256 === digest ? undefined : await readFile(file).catch(() => undefined);
    let outcome: WriteOutcome = 'unchanged';
    if (!existing?.equals(bytes)) {
      await writeFileAtomic(file, bytes, after ? { renameAfter: after } : {});
      outcome = 'written';
    } else await after;
    await this.remember(name, digest);
    return outcome;
  }

  /** Record the files written by this build; only when a record changed. */
  async save(): Promise<void> {
    if (!this.changed) return;
    const files = Object.fromEntries(Object.entries(this.records).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    await writeIfChanged(publishedFile(this.stateDir), `${JSON.stringify({ version: VERSION, files })}\n`);
  }

  /** How out/`name` differs from its record, or undefined when it is intact (the record follows a mtime-only change). */
  private async check(name: string): Promise<Drift | undefined> {
    const record = this.records[name] as PublishedRecord;
    const file = path.join(this.outDir, name);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return 'missing';
    if (info.size === record.size && info.mtimeMs === record.mtimeMs) return undefined;
    if (info.size !== record.size) return 'changed';
    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes || sha256Of(bytes) !== record.sha256) return 'changed';
    this.records[name] = { ...record, mtimeMs: info.mtimeMs };
    this.changed = true;
    return undefined;
  }

  private async remember(name: string, sha256: string): Promise<void> {
    const info = await stat(path.join(this.outDir, name));
    const record = this.records[name];
    if (record?.sha256 === sha256 && record.size === info.size && record.mtimeMs === info.mtimeMs) return;
    this.records[name] = { size: info.size, mtimeMs: info.mtimeMs, sha256 };
    this.changed = true;
  }
}
