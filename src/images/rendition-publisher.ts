import path from 'node:path';
import { publishingFailure, type FilesAside } from '../publish/atomic-write.js';
import type { RenditionWriter } from './rendition-writer.js';

/**
 * Renditions are published in groups (docs/architecture.md, "Why renditions are made durable
 * in groups"): each source's batch is written aside as soon as it is encoded, and once a
 * group's bytes add up to GROUP_BYTES the group is made durable in one go
 * (RenditionWriter.makeDurable), recorded in the journal and renamed into place, while the
 * encodes go on. A rendition is still never visible before its bytes are on disk, and every
 * rendition is in place before the images stage ends, so before any feed that references it
 * (SPEC §5).
 */

/** Bytes written aside per group: a few flushes for a cold build, a short last one. */
export const GROUP_BYTES = 32 * 1024 * 1024;

interface Pending {
  aside: FilesAside;
  /** Called once the batch is in place. */
  published: () => void;
}

export class RenditionPublisher {
  private pending: Pending[] = [];
  private pendingBytes = 0;
  /** Groups are published one after another, each once the one before it is done. */
  private chain: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  /**
   * @param beforeRenaming runs once per group, after its bytes are on disk and before its
   *   first rename, with the names about to appear (the build records them as its own).
   */
  constructor(
    private readonly writer: Pick<RenditionWriter, 'makeDurable'>,
    private readonly folder: string,
    private readonly beforeRenaming: (names: readonly string[]) => Promise<void>,
    private readonly groupBytes = GROUP_BYTES,
  ) {}

  /**
   * Takes a batch written aside, `bytes` long, to publish with its group; `published` is
   * called once it is in place. Throws the failure of an earlier group (the batch is then
   * discarded), so that a full disk stops the encodes.
   */
  async add(aside: FilesAside, bytes: number, published: () => void): Promise<void> {
    if (this.failure) {
      await aside.discard();
      throw this.failure.error;
    }
    this.pending.push({ aside, published });
    this.pendingBytes += bytes;
    if (this.pendingBytes >= this.groupBytes) this.startGroup();
  }

  /** Publishes what is pending, waits for every group; throws the first failure. */
  async finish(): Promise<void> {
    this.startGroup();
    await this.chain;
    if (this.failure) throw this.failure.error;
  }

  private startGroup(): void {
    const group = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (group.length > 0) this.chain = this.chain.then(() => this.publishGroup(group));
  }

  /** Never rejects: a failure is kept for add() and finish(), and the group's files are removed. */
  private async publishGroup(group: readonly Pending[]): Promise<void> {
    try {
      if (this.failure) throw this.failure.error;
      const temporaries = group.flatMap(({ aside }) => aside.temporaries);
      const targets = group.flatMap(({ aside }) => aside.targets);
      await this.writer.makeDurable(this.folder, temporaries).catch(async (error: unknown) => {
        const index = (error as { index?: unknown }).index;
        throw await publishingFailure(error, typeof index === 'number' ? targets[index] : undefined);
      });
      await this.beforeRenaming(targets.map((target) => path.basename(target)));
      for (const { aside, published } of group) {
        await aside.publish();
        published();
      }
    } catch (error) {
      this.failure ??= { error };
      await Promise.all(group.map(({ aside }) => aside.discard()));
    }
  }
}
